package review

import (
	"html/template"
	"net/http"

	"github.com/wiredesk/wiredesk/article"
	"github.com/wiredesk/wiredesk/store"
)

// deskPage is the first editors' view: the queue, newest first, with the
// facts an editor checks before approving. html/template escapes all story
// text, which comes from untrusted feeds.
var deskPage = template.Must(template.New("desk").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wiredesk — {{.Status}}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#222}
nav a{margin-right:1rem} article{border-bottom:1px solid #ddd;padding:.8rem 0}
h2{font-size:1.1rem;margin:.2rem 0} .meta{color:#666;font-size:.85rem} .disclaimer{color:#8a5a00;font-size:.8rem} .delivery{font-size:.85rem}
button{margin-right:.5rem}
</style></head><body>
<h1>wiredesk</h1>
<nav>{{range .Tabs}}<a href="/?status={{.}}">{{.}}</a>{{end}}</nav>
{{if not .Stories}}<p>No {{.Status}} stories.</p>{{end}}
{{range .Stories}}<article id="s-{{.ID}}">
<div class="meta">{{.Agency}} · {{.Feed}} · v{{.Version}}{{if .PublishedAt}} · {{.PublishedAt.Format "2006-01-02 15:04 MST"}}{{end}}{{if .Dateline}} · {{.Dateline.Text}}{{end}}</div>
<h2>{{.Headline}}</h2>
<p>{{.Summary}}</p>
<div class="meta">{{len .Quotes}} quotes · {{len .Embeds}} embeds · {{len .Attributions}} attributions</div>
{{with .Delivery}}<p class="delivery">{{if eq .State "publishing"}}<strong>{{.Event}} v{{.Version}}: publishing…</strong>{{if .LastError}} The bus has not taken it yet ({{.Attempts}} tries; last: {{.LastError}}); it is retried until it does.{{end}}{{else}}{{.Event}} v{{.Version}} sent downstream{{if .SentAt}} {{.SentAt.Format "2006-01-02 15:04 MST"}}{{end}} (stream sequence {{.Sequence}}){{end}}</p>{{end}}
<p class="disclaimer">{{.Disclaimer}}</p>
{{if eq .Status "queued"}}<button data-act="approve" data-id="{{.ID}}" data-version="{{.Version}}">Approve &amp; publish</button><button data-act="reject" data-id="{{.ID}}" data-version="{{.Version}}">Reject</button>{{end}}
</article>{{end}}
<script>
document.addEventListener('click', async (e) => {
  const b = e.target.closest('button[data-act]'); if (!b) return;
  b.disabled = true;
  const r = await fetch('/api/v1/stories/' + encodeURIComponent(b.dataset.id) + '/' + b.dataset.act,
    {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({version: Number(b.dataset.version)})});
  if (!r.ok) { alert((await r.json()).error); b.disabled = false; return; }
  document.getElementById('s-' + b.dataset.id).remove();
});
</script>
</body></html>`))

func (s *Server) desk(w http.ResponseWriter, r *http.Request) {
	status := article.Status(r.URL.Query().Get("status"))
	if status == "" {
		status = article.StatusQueued
	}
	if !status.Valid() {
		http.Error(w, "unknown status", http.StatusBadRequest)
		return
	}
	stories, err := s.store.List(r.Context(), store.ListQuery{Status: status, Limit: 100})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	err = deskPage.Execute(w, map[string]any{
		"Status":  status,
		"Stories": stories,
		"Tabs": []article.Status{article.StatusQueued, article.StatusApproved, article.StatusPublished,
			article.StatusRejected, article.StatusWithdrawn},
	})
	if err != nil {
		s.log.Error("render desk", "err", err)
	}
}
