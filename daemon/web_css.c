/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * web_css.c — the web site's one stylesheet, served as /stijl.css from the binary (no
 * third-party requests, no inline styles: the Content-Security-Policy allows neither).
 * It follows the NL Design System's patterns (form field with label, description and
 * error message above the input; the error message names what to do; one primary button;
 * a clear focus ring) in a few rules of our own, with the Rijkshuisstijl-like colours
 * checked for WCAG 2.1 AA contrast on white:
 *   text #1a1a1a 17.4:1 · link/primary #01689b 6.0:1 · error #b3261e 6.5:1 ·
 *   success #2a6e0e 6.1:1 · muted #595959 7.0:1 · focus ring #1a1a1a on #ffdd00
 * Base text 1.125rem (18 px); everything in rem so it follows the reader's font size.
 * The bar widths (result page) are classes .w0 … .w100, appended by web.c.
 */
#include <string.h>

#include "web.h"

const char web_css[] =
":root{color-scheme:light}\n"
"*{box-sizing:border-box}\n"
"html{font-size:100%}\n"
"body{margin:0;font-family:\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif;"
"font-size:1.125rem;line-height:1.6;color:#1a1a1a;background:#fff}\n"
".skip{position:absolute;left:-9999px}\n"
".skip:focus{left:1rem;top:1rem;background:#ffdd00;color:#1a1a1a;padding:.5rem;z-index:2}\n"
"header.kop{background:#01689b;color:#fff;padding:1rem}\n"
"header.kop a{color:#fff}\n"
"header.kop .inner,main,footer .inner{max-width:48rem;margin:0 auto;padding:0 1rem}\n"
"header.kop .naam{font-size:1.5rem;font-weight:700;text-decoration:none}\n"
"header.kop .taal{float:right}\n"
"main{padding-top:1rem;padding-bottom:2rem}\n"
"h1{font-size:2rem;line-height:1.25;margin:.5rem 0 1rem}\n"
"h2{font-size:1.5rem;line-height:1.3;margin:2rem 0 .75rem}\n"
"h3{font-size:1.25rem;margin:1.25rem 0 .5rem}\n"
"a{color:#01689b;text-underline-offset:.15em}\n"
"a:hover{color:#154273}\n"
"a:focus-visible,button:focus-visible,input:focus-visible,summary:focus-visible{"
"outline:3px solid #1a1a1a;outline-offset:2px;background:#ffdd00;color:#1a1a1a}\n"
"p,li{max-width:40rem}\n"
".muted{color:#595959}\n"
".kruimel{font-size:1rem;margin:0 0 .5rem}\n"
".kaart{border:1px solid #8c8c8c;border-radius:4px;padding:1rem;margin:0 0 1rem}\n"
".kaart h3{margin-top:0}\n"
".nr{display:inline-block;min-width:2.2rem;font-weight:700}\n"
"dl.feiten{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}\n"
"dl.feiten dt{font-weight:700}\n"
"dl.feiten dd{margin:0}\n"
".status{display:inline-block;padding:0 .5rem;border:2px solid currentColor;"
"border-radius:4px;font-size:1rem;font-weight:700}\n"
".ok{color:#2a6e0e}\n"
".fout{color:#b3261e}\n"
".melding{border-left:.4rem solid #01689b;background:#e5f0f5;padding:.75rem 1rem;margin:1rem 0}\n"
".melding.ok{border-color:#2a6e0e;background:#e9f3e4;color:#1a1a1a}\n"
".melding.fout{border-color:#b3261e;background:#fbeaea;color:#1a1a1a}\n"
".veld{margin:1rem 0}\n"
".veld label{display:block;font-weight:700}\n"
".veld .uitleg{display:block;color:#595959;font-size:1rem}\n"
".veld .foutmelding{display:block;color:#b3261e;font-weight:700}\n"
"input[type=text]{font:inherit;font-size:1.25rem;padding:.5rem;width:100%;max-width:24rem;"
"border:2px solid #1a1a1a;border-radius:4px;letter-spacing:.08em}\n"
".veld.heeft-fout input,.veld.heeft-fout textarea,.veld.heeft-fout select{"
"border-color:#b3261e;border-width:3px}\n"
"textarea,select{font:inherit;font-size:1.125rem;padding:.5rem;width:100%;max-width:40rem;"
"border:2px solid #1a1a1a;border-radius:4px;background:#fff;color:#1a1a1a}\n"
"textarea:focus-visible,select:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px;"
"background:#fff}\n"
"input.bedrag{max-width:10rem;letter-spacing:normal}\n"
"fieldset{border:0;border-top:1px solid #8c8c8c;margin:1.5rem 0 0;padding:.5rem 0 0}\n"
"legend{font-size:1.25rem;font-weight:700;padding:0 .5rem 0 0}\n"
".uitleg{color:#595959;font-size:1rem}\n"
".rij{display:flex;flex-wrap:wrap;gap:0 1rem}\n"
".rij .veld{margin:.5rem 0}\n"
".rij .veld:first-child{flex:1 1 18rem}\n"
"input[type=checkbox]{width:1.5rem;height:1.5rem;vertical-align:middle;"
"accent-color:#01689b}\n"
"label.vinkje{display:inline;font-weight:400}\n"
".foutsamenvatting h2{font-size:1.25rem;margin:0 0 .5rem}\n"
".volgcode{font-size:1.5rem;letter-spacing:.08em}\n"
"table.begroting{margin:.75rem 0;max-width:40rem}\n"
"table.begroting caption{text-align:left;font-weight:700}\n"
".voorwaarden ul{padding-left:1.25rem;margin:.25rem 0}\n"
"button{font:inherit;font-weight:700;color:#fff;background:#01689b;border:2px solid #01689b;"
"border-radius:4px;padding:.6rem 1.25rem;cursor:pointer;min-height:2.75rem}\n"
"button:hover{background:#154273}\n"
".bars{list-style:none;padding:0;margin:0}\n"
".bars li{margin:0 0 1rem;max-width:none}\n"
".bar{background:#e6e6e6;height:1.25rem;border-radius:2px;margin:.25rem 0}\n"
".bar span{display:block;height:100%;background:#6b6b6b;border-radius:2px}\n"
".bar.gekozen span{background:#01689b}\n"
"code,.code{font-family:\"DejaVu Sans Mono\",Consolas,monospace;overflow-wrap:anywhere}\n"
".hash{font-size:1rem}\n"
"table.uitgaven{margin:.75rem 0}table.uitgaven caption{text-align:left;font-weight:700}\n"
"table.uitgaven td{vertical-align:top}table.uitgaven .hash{word-break:break-all}\n"
"table{border-collapse:collapse;width:100%}\n"
"th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #8c8c8c;vertical-align:top}\n"
"td.num,th.num{text-align:right;white-space:nowrap}\n"
"footer{border-top:1px solid #8c8c8c;margin-top:2rem;padding:1rem 0;font-size:1rem}\n"
".hp{display:none}\n"
/* the yearly overview (/dorp/NAAM/JAAR): figures tables and SVG bar charts */
".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}\n"
"table.cijfers{margin:.75rem 0;max-width:44rem}table.cijfers caption{text-align:left;"
"font-weight:700}\n"
"svg.grafiek{display:block;width:100%;max-width:32rem;height:auto;margin:.75rem 0}\n"
"svg.grafiek text{font-size:19px;fill:#1a1a1a}svg.grafiek .staaf{fill:#01689b}\n"
"@media (max-width:30rem){table.cijfers td.num,table.cijfers th.num{white-space:normal}"
"table.cijfers th,table.cijfers td{padding:.35rem .25rem}}\n"
"@media (max-width:30rem){h1{font-size:1.6rem}header.kop .taal{float:none;display:block;"
"margin-top:.5rem}dl.feiten{grid-template-columns:1fr}dl.feiten dd{margin-bottom:.5rem}}\n"
"@page{size:A4;margin:15mm}\n"
"@media print{body{font-size:11pt}header.kop{background:none;color:#000;padding:0}"
"header.kop a{color:#000}.taal,.skip,form,nav.verder,footer .taal{display:none}"
"a{color:#000;text-decoration:none}.kaart,.bars li{break-inside:avoid}"
".bar{border:1px solid #000}.bar span{background:#555;print-color-adjust:exact;"
"-webkit-print-color-adjust:exact}.bar.gekozen span{background:#000}"
"svg.grafiek .staaf{fill:#333;print-color-adjust:exact;-webkit-print-color-adjust:exact}"
"svg.grafiek,table.cijfers{break-inside:avoid}}\n";

size_t
web_css_len(void)
{
	return sizeof(web_css) - 1;
}
