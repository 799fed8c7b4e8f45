package main

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
)

// blockKind says what a report block holds.
type blockKind int

const (
	kindText blockKind = iota
	kindFigure
	kindTable
	kindLinks
)

// block is one paragraph, figure or table of the report.
type block struct {
	kind    blockKind
	text    string     // paragraph
	file    string     // figure or CSV, relative to the report folder
	caption string     // figure or table caption
	rows    [][]string // table shown in the page (header first); nil: link only
	links   []string   // files listed, relative to the report folder
}

// section is a titled part of the report.
type section struct {
	title  string
	blocks []block
	note   string
}

// report is the findings in sentences, figures and tables, written as
// report.md and index.html.
type report struct {
	title    string
	note     string // provenance carried by every caption
	sections []*section
}

func newReport(title, note string) *report { return &report{title: title, note: note} }

// section starts a new section.
func (r *report) section(title string) *section {
	s := &section{title: title, note: r.note}
	r.sections = append(r.sections, s)
	return s
}

// text adds a paragraph.
func (s *section) text(format string, a ...any) {
	s.blocks = append(s.blocks, block{kind: kindText, text: fmt.Sprintf(format, a...)})
}

// figure adds a PNG with its caption; the provenance note is appended.
func (s *section) figure(file, caption string) {
	s.blocks = append(s.blocks, block{kind: kindFigure, file: file, caption: caption + " " + s.note})
}

// tableBlock adds a CSV table; rows (header first) are shown in the page
// when they are few enough, else only the link is.
func (s *section) tableBlock(file, caption string, rows [][]string) {
	if len(rows) > 40 || (len(rows) > 0 && len(rows[0]) > 14) {
		rows = nil
	}
	s.blocks = append(s.blocks, block{kind: kindTable, file: file, caption: caption, rows: rows})
}

// linkList adds a list of links to files of the report.
func (s *section) linkList(files []string) {
	s.blocks = append(s.blocks, block{kind: kindLinks, links: files})
}

// count returns the number of blocks of a kind.
func (r *report) count(k blockKind) int {
	n := 0
	for _, s := range r.sections {
		for _, b := range s.blocks {
			if b.kind == k {
				n++
			}
		}
	}
	return n
}

// write writes report.md and index.html into dir.
func (r *report) write(dir string) error {
	if err := writeText(filepath.Join(dir, "report.md"), r.markdown()); err != nil {
		return err
	}
	return writeText(filepath.Join(dir, "index.html"), r.html())
}

// writeText writes s to path.
func writeText(path, s string) error {
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// markdown renders the report as Markdown.
func (r *report) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n*%s*\n\n", r.title, r.note)
	fig := 0
	for _, s := range r.sections {
		fmt.Fprintf(&b, "## %s\n\n", s.title)
		for _, bl := range s.blocks {
			switch bl.kind {
			case kindText:
				fmt.Fprintf(&b, "%s\n\n", bl.text)
			case kindFigure:
				fig++
				fmt.Fprintf(&b, "![Figure %d](%s)\n\n*Figure %d. %s*\n\n", fig, bl.file, fig, bl.caption)
			case kindLinks:
				for _, f := range bl.links {
					fmt.Fprintf(&b, "- [%s](%s)\n", f, f)
				}
				b.WriteString("\n")
			case kindTable:
				fmt.Fprintf(&b, "%s ([%s](%s))\n\n", bl.caption, filepath.Base(bl.file), bl.file)
				if bl.rows != nil {
					for i, row := range bl.rows {
						fmt.Fprintf(&b, "| %s |\n", strings.Join(escapeCells(row), " | "))
						if i == 0 {
							fmt.Fprintf(&b, "|%s\n", strings.Repeat(" --- |", len(row)))
						}
					}
					b.WriteString("\n")
				}
			}
		}
	}
	return b.String()
}

// escapeCells escapes the pipes of Markdown table cells.
func escapeCells(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		out[i] = strings.ReplaceAll(c, "|", `\|`)
	}
	return out
}

// pageStyle is the inline CSS of index.html.
const pageStyle = `body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
.note{background:#fff3cd;border:1px solid #e0c060;padding:.6em 1em}
figure{margin:1.5em 0}figure img{max-width:100%;border:1px solid #ddd}figcaption{font-size:.9em;color:#555}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}.cap{font-size:.9em;color:#555}`

// html renders the report as one HTML page; figures and tables are
// referenced by relative path.
func (r *report) html() string {
	var b strings.Builder
	e := html.EscapeString
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title><style>%s</style></head><body>\n", e(r.title), pageStyle)
	fmt.Fprintf(&b, "<h1>%s</h1>\n<p class=\"note\">%s</p>\n<ul>\n", e(r.title), e(r.note))
	for i, s := range r.sections {
		fmt.Fprintf(&b, "<li><a href=\"#s%d\">%s</a></li>\n", i+1, e(s.title))
	}
	b.WriteString("</ul>\n")
	fig := 0
	for i, s := range r.sections {
		fmt.Fprintf(&b, "<h2 id=\"s%d\">%s</h2>\n", i+1, e(s.title))
		for _, bl := range s.blocks {
			switch bl.kind {
			case kindText:
				fmt.Fprintf(&b, "<p>%s</p>\n", e(bl.text))
			case kindFigure:
				fig++
				fmt.Fprintf(&b, "<figure><img src=\"%s\" alt=\"Figure %d\"><figcaption>Figure %d. %s</figcaption></figure>\n", e(bl.file), fig, fig, e(bl.caption))
			case kindLinks:
				b.WriteString("<ul>\n")
				for _, f := range bl.links {
					fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", e(f), e(f))
				}
				b.WriteString("</ul>\n")
			case kindTable:
				fmt.Fprintf(&b, "<p class=\"cap\">%s (<a href=\"%s\">%s</a>)</p>\n", e(bl.caption), e(bl.file), e(filepath.Base(bl.file)))
				if bl.rows != nil {
					b.WriteString("<table>\n")
					for i, row := range bl.rows {
						tag := "td"
						if i == 0 {
							tag = "th"
						}
						b.WriteString("<tr>")
						for _, c := range row {
							fmt.Fprintf(&b, "<%s>%s</%s>", tag, e(c), tag)
						}
						b.WriteString("</tr>\n")
					}
					b.WriteString("</table>\n")
				}
			}
		}
	}
	b.WriteString("</body></html>\n")
	return b.String()
}
