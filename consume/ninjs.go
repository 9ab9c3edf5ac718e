package consume

import (
	"encoding/json"
	"strings"

	"github.com/wiredesk/wiredesk/article"
)

// PureNINJS turns a published document into pure IPTC ninjs 2.2, for sites
// whose tools accept nothing else: the wiredesk_* properties are removed
// and standard names ninjs 2.2. A document that is not a JSON object comes
// back as it is.
func PureNINJS(doc []byte) []byte {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(doc, &m); err != nil {
		return doc
	}
	for k := range m {
		if strings.HasPrefix(k, "wiredesk_") {
			delete(m, k)
		}
	}
	if _, ok := m["standard"]; ok {
		std, _ := json.Marshal(article.NINJSStandard{Name: "ninjs", Version: "2.2", Schema: article.NINJSSchemaURI})
		m["standard"] = std
	}
	out, err := json.Marshal(m)
	if err != nil {
		return doc
	}
	return out
}
