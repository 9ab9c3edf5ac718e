package review

// routeTable is the one map of URLs to handlers, each with the access it
// needs (auth.go).
func (s *Server) routeTable() {
	s.handle("GET /healthz", public, s.health)
	s.handle("GET /readyz", public, s.readyz)
	s.handle("GET /api/openapi.json", public, s.openAPI)
	s.handle("GET /static/{file}", public, s.static)

	// Sessions.
	s.handle("GET /login", public, s.loginPage)
	s.handle("POST /login", public, s.login)
	s.handle("POST /logout", readAccess, s.logout)
	s.handle("GET /api/v1/me", readAccess, s.me)

	// The editors' API and desk.
	s.handle("GET /api/v1/stories", readAccess, s.listStories)
	s.handle("GET /api/v1/stories/{id}", readAccess, s.getStory)
	s.handle("GET /api/v1/stories/{id}/versions", readAccess, s.storyVersions)
	s.handle("POST /api/v1/stories/{id}/approve", writeAccess, s.approve)
	s.handle("POST /api/v1/stories/{id}/reject", writeAccess, s.reject)
	s.handle("POST /api/v1/stories/{id}/restore", writeAccess, s.restore)
	s.handle("POST /api/v1/stories/{id}/edit", writeAccess, s.edit)
	s.handle("POST /api/v1/stories/{id}/correct", writeAccess, s.correct)
	s.handle("POST /api/v1/stories/{id}/withdraw", writeAccess, s.withdraw)
	s.handle("POST /api/v1/stories/{id}/lock", writeAccess, s.lockStory)
	s.handle("DELETE /api/v1/stories/{id}/lock", writeAccess, s.unlockStory)
	s.handle("GET /api/v1/feeds", readAccess, s.listFeeds)
	s.handle("GET /api/v1/audit", adminAccess, s.auditLog)
	s.handle("GET /audit", adminAccess, s.auditPage)
	s.handle("GET /api/v1/events", readAccess, s.events)
	s.handle("GET /stories/{id}", pageAccess, s.storyPage)
	s.handle("GET /health", pageAccess, s.healthPage)
	s.handle("GET /{$}", pageAccess, s.desk)

	// Downstream sites: read-only, with an API key.
	s.handle("GET /api/v1/published", readAccess, s.listPublished)
	s.handle("GET /api/v1/published/{id}", readAccess, s.getPublished)
	feeds := feedAccess
	if s.publicFeeds {
		feeds = public
	}
	s.handle("GET /feeds/{file}", feeds, s.feedHandler)
	s.handle("GET /feeds/{agency}/{file}", feeds, s.feedHandler)
}
