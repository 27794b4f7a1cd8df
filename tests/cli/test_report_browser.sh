# The HTML briefing in headless Chromium: it loads without a console
# error, every chart has a size, every section is there, it prints, and a
# screenshot is taken.  Without Chromium the test is SKIPPED, never passed
# (scripts/test installs Debian's chromium).
export SOURCE_DATE_EPOCH=1732579200

browser=
for b in chromium chromium-browser google-chrome; do
	if command -v "$b" > /dev/null 2>&1; then browser=$(command -v "$b"); break; fi
done
[ -n "$browser" ] || skip "chromium is not installed (apt-get install chromium)"

$TALLY run --out out --month 2024-11 2>/dev/null
set +e
timeout 150 python3 "$TALLY_TESTS/cli/browser_check.py" "$browser" \
	out/2024-11/report.html shot.png \
	--sections headlines,charts,categories,top,quality,method > result.txt 2>&1
rc=$?
set -e
cat result.txt
[ "$rc" -eq 2 ] && skip "chromium is installed but could not be driven (see above)"
[ "$rc" -eq 0 ] || fail "the briefing does not pass in Chromium"
[ -s shot.png ] || fail "no screenshot"
grep -q '^chart ' result.txt || fail "no chart measured"
if [ -n "${TALLY_SCREENSHOT_DIR:-}" ]; then cp shot.png "$TALLY_SCREENSHOT_DIR/report-2024-11.png"; fi

# The index page of --all-months too (it has no charts).
$TALLY run --out all --all-months 2>/dev/null
timeout 150 python3 "$TALLY_TESTS/cli/browser_check.py" "$browser" all/index.html \
	index.png --sections months > result.txt 2>&1 || { cat result.txt; fail "index.html does not pass in Chromium"; }
