package review

import (
	_ "embed"
	"net/http"
)

// openAPIDocument describes every route of the server (routes.go); a test
// holds the two together.
//
//go:embed api/openapi.json
var openAPIDocument []byte

// OpenAPI returns the OpenAPI 3.1 description of the HTTP API.
func OpenAPI() []byte { return append([]byte(nil), openAPIDocument...) }

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	writeCached(w, r, "application/json", openAPIDocument, "public, max-age=3600")
}
