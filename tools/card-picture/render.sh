#!/usr/bin/env bash
# Renders a Microsoft Teams message, as io.credwatch.alert.TeamsCard produces it, to a PNG: the
# Adaptive Cards JavaScript renderer (npm adaptivecards, pinned in package.json) draws the card
# with a Teams-like light host config in headless Chromium, which takes the screenshot.
#
#   tools/card-picture/render.sh CARD_JSON OUT_PNG
#   tools/card-picture/render.sh shared/src/test/resources/golden/teams-card.json docs/teams-card.png
#
# Next to OUT_PNG it writes OUT.source ("<sha256 of CARD_JSON>  <CARD_JSON path>", the format of
# sha256sum, paths relative to the repository root), so that TeamsCardPictureTest can tell when
# the picture no longer shows the card it was rendered from.
#
# Needs node and npm (installs the pinned packages into tools/card-picture/node_modules when
# missing) and Debian's chromium (set CHROMIUM to use another Chromium or Chrome binary).
# The picture uses whatever fonts the machine has for 'Segoe UI' and its fallbacks.
set -euo pipefail

usage() { echo "usage: $0 CARD_JSON OUT_PNG" >&2; exit 2; }
fail() { echo "render.sh: $*" >&2; exit 1; }
[ $# -eq 2 ] || usage

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CARD="$1"
OUT="$2"
[ -f "$CARD" ] || fail "no such card JSON: $CARD"
case "$OUT" in *.png) ;; *) fail "OUT_PNG must end in .png: $OUT" ;; esac
mkdir -p "$(dirname "$OUT")"
CARD_ABS="$(cd "$(dirname "$CARD")" && pwd)/$(basename "$CARD")"
OUT_ABS="$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")"

command -v node >/dev/null && command -v npm >/dev/null \
  || fail "node and npm are needed (Debian: apt-get install -y nodejs npm)"
CHROMIUM="${CHROMIUM:-}"
if [ -z "$CHROMIUM" ]; then
  for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null; then CHROMIUM="$candidate"; break; fi
  done
fi
[ -n "$CHROMIUM" ] && command -v "$CHROMIUM" >/dev/null \
  || fail "headless Chromium is needed: apt-get install -y chromium (Debian), or set CHROMIUM=/path/to/chrome"
if [ ! -f "$HERE/node_modules/adaptivecards/dist/adaptivecards.min.js" ] \
  || [ ! -f "$HERE/node_modules/markdown-it/dist/browser/markdown-it.umd.min.js" ]; then
  echo "render.sh: installing tools/card-picture's pinned npm packages" >&2
  npm ci --prefix "$HERE" --no-audit --no-fund >&2
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
WIDTH=600 # CSS pixels: a 560px card with 20px of chat background either side

# Builds the self-contained page: the card's content, the renderer bundles, the host config.
node - "$CARD_ABS" "$HERE/node_modules" "$WORK/card.html" <<'JS'
const fs = require("fs");
const [cardPath, modules, pagePath] = process.argv.slice(2);
const message = JSON.parse(fs.readFileSync(cardPath, "utf8"));
const fail = (why) => { console.error(`render.sh: ${cardPath}: ${why}`); process.exit(1); };
if (message.type !== "message") fail(`expected a Teams message ("type": "message"), got ${JSON.stringify(message.type)}`);
const attachments = (message.attachments || []).filter(
  (a) => a.contentType === "application/vnd.microsoft.card.adaptive");
if (attachments.length !== 1) fail(`expected one Adaptive Card attachment, got ${attachments.length}`);
const card = attachments[0].content;

// Microsoft Teams' light theme, after the values of its published host config.
const text = { default: "#252424", subtle: "#bf252424" };
const foregroundColors = {
  default: text,
  dark: { default: "#252424", subtle: "#bf252424" },
  light: { default: "#ffffff", subtle: "#fff3f2f1" },
  accent: { default: "#6264a7", subtle: "#8b8cc7" },
  good: { default: "#237b4b", subtle: "#e5237b4b" },
  warning: { default: "#835c00", subtle: "#e5835c00" },
  attention: { default: "#c4314b", subtle: "#e5c4314b" },
};
const style = (backgroundColor) => ({ backgroundColor, foregroundColors });
const fontFamily =
  "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, BlinkMacSystemFont, Roboto, " +
  "'Helvetica Neue', 'Liberation Sans', Arial, sans-serif";
const fontSizes = { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 };
const fontWeights = { lighter: 200, default: 400, bolder: 600 };
const hostConfig = {
  supportsInteractivity: true,
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: "#e1dfdd" },
  fontTypes: {
    default: { fontFamily, fontSizes, fontWeights },
    monospace: { fontFamily: "Consolas, 'Courier New', 'Liberation Mono', monospace", fontSizes, fontWeights },
  },
  containerStyles: {
    default: style("#ffffff"),
    emphasis: style("#f9f8f7"),
    accent: style("#c7def9"),
    good: style("#ccffcc"),
    attention: style("#ffc5b2"),
    warning: style("#ffe2b2"),
  },
  actions: {
    maxActions: 6, spacing: "default", buttonSpacing: 8, actionsOrientation: "horizontal",
    actionAlignment: "left", showCard: { actionMode: "inline", inlineTopMargin: 16, style: "emphasis" },
  },
  adaptiveCard: { allowCustomStyle: false },
  factSet: {
    title: { size: "default", color: "default", isSubtle: false, weight: "bolder", wrap: true, maxWidth: 150 },
    value: { size: "default", color: "default", isSubtle: false, weight: "default", wrap: true },
    spacing: 8,
  },
};

const read = (p) => fs.readFileSync(`${modules}/${p}`, "utf8");
// Inline data must not end the <script> element it sits in.
const inline = (value) => JSON.stringify(value).replace(/</g, "\\u003c");
const page = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>card</title>
<style>${read("adaptivecards/dist/adaptivecards.css")}</style>
<style>
  html, body { margin: 0; padding: 0; background: #f5f5f5; overflow: hidden; }
  #frame { padding: 20px; width: 560px; }
  #card { background: #ffffff; border-radius: 6px; overflow: hidden;
          box-shadow: 0 0.2px 0.6px rgba(0,0,0,.11), 0 1.2px 3.6px rgba(0,0,0,.13); }
  #card .ac-adaptiveCard:focus { outline: none; }
  #card p { margin: 0; }
  #card ul, #card ol { margin: 4px 0 0 0; padding-left: 22px; }
  #card li { margin-top: 4px; }
  #card .ac-pushButton { font-family: ${fontFamily}; font-size: 14px; font-weight: 600;
    color: #252424; background: #ffffff; border: 1px solid #e1dfdd; border-radius: 4px;
    min-height: 32px; padding: 4px 12px; }
  #problems { display: none; }
</style>
<script>${read("markdown-it/dist/browser/markdown-it.umd.min.js")}</script>
<script>${read("adaptivecards/dist/adaptivecards.min.js")}</script>
</head><body><div id="frame"><div id="card"></div></div><pre id="problems"></pre>
<script>
  const problems = [];
  try {
    // Teams renders a subset of Markdown; CommonMark via markdown-it (raw HTML off) stands in.
    const md = window.markdownit({ html: false, linkify: false, breaks: false });
    AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
      result.outputHtml = md.render(text);
      result.didProcess = true;
    };
    const card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = new AdaptiveCards.HostConfig(${inline(hostConfig)});
    const context = new AdaptiveCards.SerializationContext();
    card.parse(${inline(card)}, context);
    for (let i = 0; i < context.eventCount; i++) {
      const e = context.getEventAt(i);
      problems.push("parse: " + e.message);
    }
    for (const e of card.validateProperties().validationEvents) {
      problems.push("validate: " + e.message);
    }
    const element = card.render();
    if (!element) throw new Error("the renderer returned no element");
    document.getElementById("card").appendChild(element);
  } catch (e) {
    problems.push("error: " + e);
  }
  document.getElementById("problems").textContent = problems.join("\\n");
  document.title = "cw-height=" + Math.ceil(document.getElementById("frame").getBoundingClientRect().height);
</script>
</body></html>
`;
fs.writeFileSync(pagePath, page);
JS

chrome() {
  "$CHROMIUM" --headless --disable-gpu --no-sandbox --hide-scrollbars --no-first-run \
    --disable-extensions --user-data-dir="$WORK/profile" --force-device-scale-factor=2 \
    --default-background-color=00000000 --virtual-time-budget=5000 "$@" 2>>"$WORK/chromium.log"
}

# First pass: lay the card out and read its height (and the renderer's complaints) from the DOM.
chrome --window-size="$WIDTH,4000" --dump-dom "file://$WORK/card.html" >"$WORK/dom.html" \
  || { cat "$WORK/chromium.log" >&2; fail "chromium failed to load the page"; }
HEIGHT="$(sed -n 's:.*<title>cw-height=\([0-9][0-9]*\)</title>.*:\1:p' "$WORK/dom.html" | head -n 1)"
[ -n "$HEIGHT" ] || { cat "$WORK/chromium.log" >&2; fail "could not measure the rendered card"; }
node -e '
  const dom = require("fs").readFileSync(process.argv[1], "utf8");
  const m = dom.match(/<pre id="problems">([\s\S]*?)<\/pre>/);
  const text = (m ? m[1] : "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&amp;/g, "&").trim();
  if (text) { console.error("render.sh: the renderer reported:\n" + text); if (/^error:/m.test(text)) process.exit(1); }
' "$WORK/dom.html" || fail "the card did not render"

# Second pass: the screenshot, exactly as tall as the card and its margin.
rm -f "$OUT_ABS"
chrome --window-size="$WIDTH,$HEIGHT" --screenshot="$OUT_ABS" "file://$WORK/card.html" >/dev/null \
  || { cat "$WORK/chromium.log" >&2; fail "chromium failed to take the screenshot"; }
[ -s "$OUT_ABS" ] || { cat "$WORK/chromium.log" >&2; fail "chromium wrote no screenshot"; }

# Paths inside the repository are written relative to its root, others as they are.
relative() {
  case "$1" in "$ROOT"/*) printf '%s' "${1#"$ROOT"/}" ;; *) printf '%s' "$1" ;; esac
}
SOURCE_FILE="${OUT_ABS%.png}.source"
printf '%s  %s\n' "$(sha256sum "$CARD_ABS" | cut -d' ' -f1)" "$(relative "$CARD_ABS")" >"$SOURCE_FILE"
echo "render.sh: wrote $(relative "$OUT_ABS") (${WIDTH}x${HEIGHT} CSS px at 2x) and $(relative "$SOURCE_FILE")"
