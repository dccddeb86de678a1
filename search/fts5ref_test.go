package search

// The SQLite FTS5 reference: the same workspace loaded into an FTS5 database (through the
// pure-Go modernc.org/sqlite driver, a test-only dependency) and the same queries answered
// with equivalent work, so that Gloss's index can be measured against the engine most
// desktop tools would pick, side by side in one process (fts5_bench_test.go), and checked
// to give the same totals and facets (fts5_test.go).
//
// Fairness: FTS5 is given every advantage a competent developer would give it.
//   - Two contentless FTS5 tables, one for annotations (quote, note, tag paths) and one for
//     articles (title, body), so that a search of annotations never reads article postings.
//   - Facet values are small integers in plain tables (docs, doc_tags) with the indexes the
//     queries use; one statement per search evaluates the MATCH once (a materialised CTE)
//     and returns the page, the total and the four facets.
//   - The text is analysed by Gloss's own analysis (the same stems, so that totals can
//     agree), in a goroutine beside the inserts; FTS5 only splits the stems on spaces
//     (its cheapest tokenizer). Stop words are kept, as FTS5 has none, so positions match.
//   - The load is one transaction without journal or sync into a new file (a rebuild can
//     start over), then FTS5's 'optimize' merges its b-trees, as Gloss merges segments.
//   - Hits are read from the workspace store like Gloss reads them, but FTS5 computes no
//     fragments (Gloss does).

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/search/query"
	_ "modernc.org/sqlite"
)

// ftsRef is a loaded FTS5 reference database.
type ftsRef struct {
	db        *sql.DB
	path      string
	ids       []string // rowid → annotation or article id; rowid 0 unused
	nAnn      int      // annotations have rowids 1..nAnn, articles after
	tagKeys   []string // tag number → tag id
	sources   []string // number → value
	authors   []string
	months    []string
	tagNum    map[string]int
	tagByName map[string]string // folded name, path or path suffix → tag id
	an        *textAnalysis     // documents (in the reader goroutine)
	qan       *textAnalysis     // queries
	ws        *annotate.Workspace
}

// ftsTerm makes a stem one token of FTS5's ascii tokenizer (which splits on ASCII
// punctuation): the same mapping is applied to documents and queries.
func ftsTerm(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return -1
		}
		return r
	}, s)
}

// ftsText is the analysed text as FTS5 indexes it: one stem per position, and stop words
// as written (FTS5 keeps every word, and positions then match Gloss's, which leaves gaps
// where stop words were).
func ftsText(an *textAnalysis, texts ...string) string {
	var sb strings.Builder
	for _, s := range texts {
		an.each([]byte(s), func(_, _, _ int, f wordForms) {
			term := f.stem
			if term == "" {
				term = f.written
			}
			term = ftsTerm(term)
			if term == "" {
				term = "0"
			}
			if sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(term)
		})
	}
	return sb.String()
}

// ftsSchemaVersion names the reference database's layout (a cached one of another is
// built again).
const ftsSchemaVersion = "2"

const ftsSchema = `
CREATE TABLE docs(id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, source INTEGER, author INTEGER, month INTEGER, published INTEGER, created INTEGER NOT NULL);
CREATE TABLE doc_tags(tag INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY(tag, doc)) WITHOUT ROWID;
CREATE VIRTUAL TABLE fts_ann USING fts5(quote, note, tags, content='', tokenize='ascii');
CREATE VIRTUAL TABLE fts_art USING fts5(title, body, content='', tokenize='ascii');
`

// Indexes made after the load (cheaper than keeping them in step row by row).
const ftsIndexes = `
CREATE INDEX doc_tags_doc ON doc_tags(doc, tag);
CREATE INDEX docs_created ON docs(kind, created);
CREATE INDEX docs_source ON docs(kind, source);
CREATE INDEX docs_author ON docs(kind, author);
CREATE INDEX docs_month ON docs(kind, month);
CREATE INDEX docs_published ON docs(published);
INSERT INTO fts_ann(fts_ann) VALUES('optimize');
INSERT INTO fts_art(fts_art) VALUES('optimize');
`

// ftsRow is one document ready to insert; strings are numbered by the inserter.
type ftsRow struct {
	id                    string // Gloss document id
	article               bool
	quote, note, tags     string // annotations (analysed)
	title, body           string // articles (analysed)
	source, author, month string
	published             int64 // Unix ns; 0 = undated
	created               int64
	tagNums               []int
}

func articleRow(r *ftsRow, a annotate.Article) {
	r.source, r.month = a.Source, monthKey(a)
	if !a.Published.IsZero() {
		r.published = a.Published.UnixNano()
	}
}

// loadFTS5 builds the reference database of ws in a new file at path.
func loadFTS5(ws *annotate.Workspace, path string) (*ftsRef, error) { return openFTS5(ws, path, false) }

// openFTS5 is loadFTS5, or with reuse the database a previous load completed at path
// (only the numbering of the documents is read again).
func openFTS5(ws *annotate.Workspace, path string, reuse bool) (*ftsRef, error) {
	marker := path + ".complete"
	if _, err := os.Stat(marker); err != nil || !reuse {
		reuse = false
		os.Remove(path)
		os.Remove(marker)
	}
	an, qan := newTextAnalysis(false), sharedAnalysis
	cb, err := ws.Codebook()
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	ref := &ftsRef{db: db, path: path, ids: []string{""}, tagNum: map[string]int{}, tagByName: map[string]string{},
		an: an, qan: qan, ws: ws}
	fail := func(err error) (*ftsRef, error) {
		db.Close()
		return nil, fmt.Errorf("fts5 reference: %w", err)
	}
	for _, p := range []string{"PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF", "PRAGMA cache_size=-65536"} {
		if _, err := db.Exec(p); err != nil {
			return fail(err)
		}
	}
	if !reuse {
		if _, err := db.Exec(ftsSchema); err != nil {
			return fail(err)
		}
	}
	for _, t := range cb.Tags() {
		ref.tagNum[t.ID] = len(ref.tagKeys)
		ref.tagKeys = append(ref.tagKeys, t.ID)
		parts := strings.Split(fold(cb.Path(t.ID)), annotate.PathSeparator)
		for i := range parts {
			ref.tagByName[strings.Join(parts[i:], annotate.PathSeparator)] = t.ID
		}
	}

	// The reader analyses in its own goroutine while this one inserts.
	rows := make(chan ftsRow, 256)
	readErr := make(chan error, 1)
	if reuse {
		an = nil // only the numbering is wanted
	}
	go func() {
		defer close(rows)
		arts := map[string]annotate.Article{}
		err := ws.EachArticle(false, func(a annotate.Article) error {
			arts[a.ID] = a
			return nil
		})
		if err == nil {
			err = ws.EachAnnotation(func(a annotate.Annotation) error {
				ids := tagClosure(a.TagIDs, cb)
				r := ftsRow{id: a.ID, author: a.Author, created: a.Created.UnixNano()}
				if an != nil {
					r.quote, r.note, r.tags = ftsText(an, a.Exact), ftsText(an, a.Note), ftsText(an, tagPaths(a.TagIDs, cb)...)
				}
				articleRow(&r, arts[a.ArticleID])
				for _, id := range ids {
					r.tagNums = append(r.tagNums, ref.tagNum[id])
				}
				rows <- r
				return nil
			})
		}
		if err == nil {
			err = ws.EachArticle(an != nil, func(a annotate.Article) error {
				r := ftsRow{id: a.ID, article: true, author: a.Author, created: a.ImportedAt.UnixNano()}
				if an != nil {
					r.title, r.body = ftsText(an, a.Title), ftsText(an, a.Text)
				}
				articleRow(&r, a)
				rows <- r
				return nil
			})
		}
		readErr <- err
	}()
	var insErr error
	defer func() {
		for range rows { // the reader never blocks on a failed load
		}
	}()
	srcNum, autNum, monNum := map[string]int{}, map[string]int{}, map[string]int{}
	number := func(list *[]string, m map[string]int, v string) any {
		if v == "" {
			return nil
		}
		n, ok := m[v]
		if !ok {
			n = len(*list)
			m[v] = n
			*list = append(*list, v)
		}
		return n
	}
	if reuse {
		for r := range rows {
			ref.ids = append(ref.ids, r.id)
			if !r.article {
				ref.nAnn++
			}
			number(&ref.sources, srcNum, r.source)
			number(&ref.authors, autNum, r.author)
			number(&ref.months, monNum, r.month)
		}
		if err := <-readErr; err != nil {
			return fail(err)
		}
		return ref, nil
	}
	tx, err := db.Begin()
	if err != nil {
		return fail(err)
	}
	insDoc, err1 := tx.Prepare(`INSERT INTO docs(id, kind, source, author, month, published, created) VALUES(?,?,?,?,?,?,?)`)
	insTag, err2 := tx.Prepare(`INSERT INTO doc_tags(tag, doc) VALUES(?,?)`)
	insAnn, err3 := tx.Prepare(`INSERT INTO fts_ann(rowid, quote, note, tags) VALUES(?,?,?,?)`)
	insArt, err4 := tx.Prepare(`INSERT INTO fts_art(rowid, title, body) VALUES(?,?,?)`)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		tx.Rollback()
		return fail(err)
	}
	for r := range rows {
		id := len(ref.ids)
		ref.ids = append(ref.ids, r.id)
		kind := 0
		if r.article {
			kind = 1
		} else {
			ref.nAnn++
		}
		var published any
		if r.published != 0 {
			published = r.published
		}
		_, insErr = insDoc.Exec(id, kind, number(&ref.sources, srcNum, r.source), number(&ref.authors, autNum, r.author),
			number(&ref.months, monNum, r.month), published, r.created)
		for _, t := range r.tagNums {
			if insErr == nil {
				_, insErr = insTag.Exec(t, id)
			}
		}
		if insErr == nil && r.article {
			_, insErr = insArt.Exec(id, r.title, r.body)
		} else if insErr == nil {
			_, insErr = insAnn.Exec(id, r.quote, r.note, r.tags)
		}
		if insErr != nil {
			break
		}
	}
	if insErr != nil {
		tx.Rollback()
		return fail(insErr)
	}
	if err := <-readErr; err != nil {
		tx.Rollback()
		return fail(err)
	}
	if _, err := tx.Exec(ftsIndexes); err != nil {
		tx.Rollback()
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	if _, err := db.Exec("ANALYZE"); err != nil {
		return fail(err)
	}
	os.WriteFile(marker, nil, 0o644)
	return ref, nil
}

// tagPaths lists the full paths of the tags (each path names its ancestors).
func tagPaths(ids []string, cb *annotate.Codebook) []string {
	var out []string
	for _, id := range ids {
		if _, ok := cb.Tag(id); ok {
			out = append(out, cb.Path(id))
		}
	}
	return out
}

func (ref *ftsRef) Close() error { return ref.db.Close() }

// size is the database file's size in bytes.
func (ref *ftsRef) size() int64 {
	st, err := os.Stat(ref.path)
	if err != nil {
		return 0
	}
	return st.Size()
}

// ftsPlan is a query translated for FTS5: a MATCH expression per table and the filters
// on the plain tables.
type ftsPlan struct {
	ann, art     string // MATCH expressions ("" with annOK: no words)
	annOK, artOK bool   // whether each kind can match at all
	tags         []int
	from, to     int64 // published range in Unix ns, 0 = open
	hasDate      bool
	empty        bool // the empty query
	none         bool // nothing can match (only stop words)
}

var errFTSUnsupported = errors.New("fts5 reference: query form not supported")

// plan translates the query forms the benchmarks use: words and phrases (unfielded,
// quote:, note:, title:, body:), tag: names and one published: range, all ANDed.
func (ref *ftsRef) plan(text string, articles bool) (ftsPlan, error) {
	node, err := query.Parse(text)
	if err != nil {
		return ftsPlan{}, err
	}
	p := ftsPlan{annOK: true, artOK: articles}
	if node == nil {
		p.empty = true
		return p, nil
	}
	items := []query.Node{node}
	if and, ok := node.(*query.And); ok {
		items = and.Items
	}
	var annParts, artParts []string
	words := 0
	for _, it := range items {
		switch n := it.(type) {
		case *query.Term:
			switch n.Field {
			case "", "quote", "note", "title", "body":
				expr, err := ref.matchExpr(n)
				if err != nil {
					return p, err
				}
				if expr == "" {
					continue // a stop word
				}
				words++
				if cols := map[string]string{"": "{quote note tags}", "quote": "quote", "note": "note"}[n.Field]; cols != "" {
					annParts = append(annParts, cols+" : "+expr)
				} else {
					p.annOK = false
				}
				if cols := map[string]string{"": "{title body}", "title": "title", "body": "body"}[n.Field]; cols != "" {
					artParts = append(artParts, cols+" : "+expr)
				} else {
					p.artOK = false
				}
			case "tag":
				id, ok := ref.tagByName[fold(n.Value)]
				if !ok {
					return p, fmt.Errorf("fts5 reference: no tag %q", n.Value)
				}
				p.tags = append(p.tags, ref.tagNum[id])
				p.artOK = false
			default:
				return p, errFTSUnsupported
			}
		case *query.DateRange:
			if n.Field != "published" || p.hasDate {
				return p, errFTSUnsupported
			}
			p.hasDate = true
			if !n.From.IsZero() {
				p.from = n.From.UnixNano()
			}
			if !n.To.IsZero() {
				p.to = n.To.UnixNano()
			}
		default:
			return p, errFTSUnsupported
		}
	}
	if words == 0 && len(p.tags) == 0 && !p.hasDate {
		p.none = true
	}
	if words == 0 && (len(p.tags) > 0 || p.hasDate) {
		return p, fmt.Errorf("%w: filters without words", errFTSUnsupported)
	}
	p.ann = strings.Join(annParts, " AND ")
	p.art = strings.Join(artParts, " AND ")
	return p, nil
}

// matchExpr is an FTS5 phrase of the analysed word or phrase ("" for a stop word).
func (ref *ftsRef) matchExpr(t *query.Term) (string, error) {
	if t.Kind == query.Prefix || t.Kind == query.Fuzzy {
		return "", errFTSUnsupported
	}
	toks := ref.qan.Analyze([]byte(t.Value))
	if len(toks) == 0 {
		return "", nil
	}
	var words []string
	for i, tok := range toks {
		if i > 0 && tok.Position != toks[i-1].Position+1 {
			return "", fmt.Errorf("%w: a phrase with a stop word inside", errFTSUnsupported)
		}
		words = append(words, ftsTerm(string(tok.Term)))
	}
	return `"` + strings.Join(words, " ") + `"`, nil
}

// ftsResult is what one FTS5 search answers.
type ftsResult struct {
	total  int
	hits   []ftsHit
	facets map[string]int // "t:<tag id>", "s:<source>", "a:<author>", "m:<YYYY-MM>"
}

type ftsHit struct {
	id      string
	score   float64
	article bool
}

// search answers one query: the page of hits (read back from the workspace store), the
// total and, when facets, the four facets.
func (ref *ftsRef) search(text string, articles, facets bool, offset, limit int) (*ftsResult, error) {
	p, err := ref.plan(text, articles)
	if err != nil {
		return nil, err
	}
	out := &ftsResult{facets: map[string]int{}}
	if p.none {
		return out, nil
	}
	var parts []string
	var args []any
	// Filters are checked per matching row (correlated look-ups by primary key): given as
	// rowid constraints, SQLite hands them to FTS5, which then seeks every tagged row.
	filters := func(table string) string {
		var f string
		for _, t := range p.tags {
			f += fmt.Sprintf(" AND EXISTS (SELECT 1 FROM doc_tags WHERE tag = %d AND doc = %s.rowid)", t, table)
		}
		if p.hasDate {
			f += " AND EXISTS (SELECT 1 FROM docs WHERE docs.id = " + table + ".rowid AND published IS NOT NULL"
			if p.from != 0 {
				f += fmt.Sprintf(" AND published >= %d", p.from)
			}
			if p.to != 0 {
				f += fmt.Sprintf(" AND published < %d", p.to)
			}
			f += ")"
		}
		return f
	}
	order := "s, id"
	switch {
	case p.empty:
		return ref.everything(articles, facets, offset, limit)
	default:
		if p.annOK && p.ann != "" {
			parts = append(parts, "SELECT rowid AS id, bm25(fts_ann) AS s FROM fts_ann WHERE fts_ann MATCH ?"+filters("fts_ann"))
			args = append(args, p.ann)
		}
		if p.artOK && p.art != "" {
			parts = append(parts, "SELECT rowid AS id, bm25(fts_art) AS s FROM fts_art WHERE fts_art MATCH ?"+filters("fts_art"))
			args = append(args, p.art)
		}
	}
	if len(parts) == 0 {
		return out, nil
	}
	stmt := "WITH m(id, s) AS MATERIALIZED (" + strings.Join(parts, " UNION ALL ") + ")\n" +
		fmt.Sprintf("SELECT 0, id, s FROM (SELECT id, s FROM m ORDER BY %s LIMIT %d OFFSET %d)\n", order, limit, offset) +
		"UNION ALL SELECT 1, count(*), 0 FROM m\n"
	if facets {
		stmt += "UNION ALL SELECT 2, tag, count(*) FROM m CROSS JOIN doc_tags ON doc_tags.doc = m.id GROUP BY tag\n" +
			"UNION ALL SELECT 3, source, count(*) FROM m CROSS JOIN docs ON docs.id = m.id WHERE source IS NOT NULL GROUP BY source\n" +
			"UNION ALL SELECT 4, author, count(*) FROM m CROSS JOIN docs ON docs.id = m.id WHERE author IS NOT NULL GROUP BY author\n" +
			"UNION ALL SELECT 5, month, count(*) FROM m CROSS JOIN docs ON docs.id = m.id WHERE month IS NOT NULL GROUP BY month\n"
	}
	rows, err := ref.db.Query(stmt, args...)
	if err != nil {
		return nil, fmt.Errorf("fts5 reference: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var part, key int64
		var val float64
		if err := rows.Scan(&part, &key, &val); err != nil {
			return nil, err
		}
		switch part {
		case 0:
			out.hits = append(out.hits, ftsHit{ref.ids[key], -val, int(key) > ref.nAnn})
		case 1:
			out.total = int(key)
		case 2:
			out.facets["t:"+ref.tagKeys[key]] = int(val)
		case 3:
			out.facets["s:"+ref.sources[key]] = int(val)
		case 4:
			out.facets["a:"+ref.authors[key]] = int(val)
		case 5:
			out.facets["m:"+ref.months[key]] = int(val)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, ref.readHits(out.hits)
}

// readHits reads the page from the store, as Gloss does (without fragments).
func (ref *ftsRef) readHits(hits []ftsHit) error {
	return ref.ws.View(func(t *annotate.Tx) error {
		for _, h := range hits {
			if !h.article {
				a, err := t.Annotation(h.id)
				if err != nil {
					return err
				}
				if _, err := t.Article(a.ArticleID, false); err != nil {
					return err
				}
				continue
			}
			if _, err := t.Article(h.id, false); err != nil {
				return err
			}
		}
		return nil
	})
}

// everything answers the empty query with plain SQL on the indexes: the newest created
// first, the total and the facets of every document of the kinds asked.
func (ref *ftsRef) everything(articles, facets bool, offset, limit int) (*ftsResult, error) {
	out := &ftsResult{facets: map[string]int{}}
	kinds := "kind = 0"
	if articles {
		kinds = "kind IN (0, 1)"
	}
	rows, err := ref.db.Query(fmt.Sprintf("SELECT id FROM docs WHERE %s ORDER BY created DESC, id LIMIT %d OFFSET %d", kinds, limit, offset))
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		out.hits = append(out.hits, ftsHit{ref.ids[id], 0, id > ref.nAnn})
	}
	rows.Close()
	if err := ref.db.QueryRow("SELECT count(*) FROM docs WHERE " + kinds).Scan(&out.total); err != nil {
		return nil, err
	}
	if facets {
		for _, f := range []struct {
			prefix string
			names  []string
			sql    string
		}{
			{"t:", ref.tagKeys, "SELECT tag, count(*) FROM doc_tags GROUP BY tag"}, // only annotations have tags
			{"s:", ref.sources, "SELECT source, count(*) FROM docs WHERE " + kinds + " AND source IS NOT NULL GROUP BY source"},
			{"a:", ref.authors, "SELECT author, count(*) FROM docs WHERE " + kinds + " AND author IS NOT NULL GROUP BY author"},
			{"m:", ref.months, "SELECT month, count(*) FROM docs WHERE " + kinds + " AND month IS NOT NULL GROUP BY month"},
		} {
			rows, err := ref.db.Query(f.sql)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var key, n int
				if err := rows.Scan(&key, &n); err != nil {
					rows.Close()
					return nil, err
				}
				out.facets[f.prefix+f.names[key]] += n
			}
			rows.Close()
		}
	}
	return out, ref.readHits(out.hits)
}

// glossFacets flattens Gloss's facets into the keys ftsResult uses.
func glossFacets(f Facets) map[string]int {
	out := map[string]int{}
	for _, c := range f.Tags {
		out["t:"+c.Key] = c.Count
	}
	for _, c := range f.Sources {
		out["s:"+c.Key] = c.Count
	}
	for _, c := range f.Authors {
		out["a:"+c.Key] = c.Count
	}
	for _, c := range f.Months {
		out["m:"+c.Key] = c.Count
	}
	return out
}

// facetDiff describes how two facet maps differ ("" when equal).
func facetDiff(gloss, fts map[string]int) string {
	var keys []string
	seen := map[string]bool{}
	for k := range gloss {
		keys, seen[k] = append(keys, k), true
	}
	for k := range fts {
		if !seen[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var diffs []string
	for _, k := range keys {
		if gloss[k] != fts[k] {
			diffs = append(diffs, fmt.Sprintf("%s gloss %d fts5 %d", k, gloss[k], fts[k]))
		}
	}
	if len(diffs) > 5 {
		diffs = append(diffs[:5], fmt.Sprintf("… %d more", len(diffs)-5))
	}
	return strings.Join(diffs, "; ")
}
