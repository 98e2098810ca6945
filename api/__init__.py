"""HTTP plumbing every app's API uses: problem details, parsing, rendering, content
negotiation, paging, throttling, OpenAPI hooks and input fields. It imports Django, DRF and
`config` only, never a domain app (factcheck, reviews, webhooks, outbox): domain apps import it."""
