package review

// routeTable is the one map of URLs to handlers.
func (s *Server) routeTable() {
	s.handle("GET /healthz", s.health)
	s.handle("GET /api/openapi.json", s.openAPI)

	// The editors' API and desk.
	s.handle("GET /api/v1/stories", s.listStories)
	s.handle("GET /api/v1/stories/{id}", s.getStory)
	s.handle("GET /api/v1/stories/{id}/versions", s.storyVersions)
	s.handle("POST /api/v1/stories/{id}/approve", s.approve)
	s.handle("POST /api/v1/stories/{id}/reject", s.reject)
	s.handle("POST /api/v1/stories/{id}/correct", s.correct)
	s.handle("POST /api/v1/stories/{id}/withdraw", s.withdraw)
	s.handle("GET /api/v1/feeds", s.listFeeds)
	s.handle("GET /{$}", s.desk)

	// Downstream sites: read-only, with an API key.
	s.handle("GET /api/v1/published", s.requireKey(false, s.listPublished))
	s.handle("GET /api/v1/published/{id}", s.requireKey(false, s.getPublished))
	feed := s.feedHandler
	if !s.publicFeeds {
		feed = s.requireKey(true, feed)
	}
	s.handle("GET /feeds/{file}", feed)
	s.handle("GET /feeds/{agency}/{file}", feed)
}
