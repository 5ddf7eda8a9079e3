package trace

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/tla"
)

// editedRaftTrace validates testdata/raft-edited.ndjson: the first 40 lines of
// `dsref sim -protocol raft -nodes 3 -seed 11 -trace`, with the commit index line 31 observed
// changed from 1 to 2 by hand.
func editedRaftTrace(t *testing.T) *Result {
	t.Helper()
	res, err := Validate(context.Background(), filepath.Join("testdata", "raft-edited.ndjson"), Options{Spec: "TraceRaft.tla", Modules: tla.FS})
	require.NoError(t, err)
	require.False(t, res.OK())
	require.Equal(t, 31, res.Failure.Line)
	return res
}

// htmlCounts is what a page draws: events, message arrows and failed events.
type htmlCounts struct{ events, arrows, failed int }

// TestHTMLIsWellFormedAndMarksTheFailure reads the page as XML and checks what it draws.
func TestHTMLIsWellFormedAndMarksTheFailure(t *testing.T) {
	res := editedRaftTrace(t)
	var buf bytes.Buffer
	require.NoError(t, WriteHTML(&buf, res))
	page := buf.String()
	got := parseHTMLCounts(t, page)
	assert.Equal(t, 31, got.events, "one dot per event up to the failing one")
	assert.Equal(t, 1, got.failed)
	assert.Greater(t, got.arrows, 5)
	assert.Contains(t, page, `<tr class="bad"><td>commit</td><td>1</td><td>2</td>`)
	assert.Contains(t, page, `<span class="badfield">&#34;commit&#34;</span>:2`)
	assert.NotRegexp(t, regexp.MustCompile(`(src|href)="(https?:)?//`), page, "the page fetches nothing")
}

func parseHTMLCounts(t *testing.T, page string) htmlCounts {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(page))
	dec.Strict = true
	var c htmlCounts
	inSVG := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "the page is not well-formed")
		se, ok := tok.(xml.StartElement)
		if !ok {
			if ee, ok := tok.(xml.EndElement); ok && ee.Name.Local == "svg" {
				inSVG = false
			}
			continue
		}
		class := ""
		for _, a := range se.Attr {
			if a.Name.Local == "class" {
				class = a.Value
			}
			if se.Name.Local == "svg" && a.Name.Local == "id" && a.Value == "diagram" {
				inSVG = true
			}
		}
		if !inSVG {
			continue
		}
		switch {
		case se.Name.Local == "g":
			c.events++
			if strings.Contains(class, "failed") {
				c.failed++
			}
		case se.Name.Local == "line" && class == "msg":
			c.arrows++
		}
	}
	return c
}

// TestHTMLInHeadlessBrowser opens the page in Debian's chromium, headless, and reads back what
// the page's script counted once the browser had parsed and laid it out. Without chromium the
// test checks the page structurally only (TestHTMLIsWellFormedAndMarksTheFailure), unless
// DSREF_REQUIRE_BROWSER=1 (set by CI, which installs chromium), which makes a missing browser
// a failure.
func TestHTMLInHeadlessBrowser(t *testing.T) {
	res := editedRaftTrace(t)
	var buf bytes.Buffer
	require.NoError(t, WriteHTML(&buf, res))
	want := parseHTMLCounts(t, buf.String())
	browser := findBrowser()
	if browser == "" {
		if os.Getenv("DSREF_REQUIRE_BROWSER") == "1" {
			t.Fatal("DSREF_REQUIRE_BROWSER=1 but no chromium (or chromium-browser, google-chrome) on PATH")
		}
		t.Log("no chromium on PATH: the page was checked structurally only (install Debian's chromium to check it in a browser)")
		return
	}
	path := filepath.Join(t.TempDir(), "trace.html")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-dev-shm-usage", "--user-data-dir="+t.TempDir(), "--dump-dom", "file://"+path)
	out, err := cmd.Output()
	require.NoError(t, err, "%s: %s", browser, out)
	dom := string(out)
	body := regexp.MustCompile(`<body[^>]*>`).FindString(dom)
	require.NotEmpty(t, body, "the browser returned no document: %.300s", dom)
	attr := func(name string) string {
		m := regexp.MustCompile(name + `="([^"]*)"`).FindStringSubmatch(body)
		require.NotNil(t, m, "body has no %s: the page's script did not run (%s)", name, body)
		return m[1]
	}
	assert.Equal(t, "yes", attr("data-rendered"), "the diagram has no size in the browser")
	assert.Equal(t, strconv.Itoa(want.events), attr("data-events"))
	assert.Equal(t, strconv.Itoa(want.arrows), attr("data-arrows"))
	assert.Equal(t, "1", attr("data-failed"))
}

func findBrowser() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}
