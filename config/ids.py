"""Row ids, as every layer checks them: each model's primary key is a 64-bit BigAutoField
(settings `DEFAULT_AUTO_FIELD`), so a larger number names no row. Defined here, in config,
because both `api/` (query parameters, the OpenAPI schema) and the domain apps' services
(ids sent in a request body) refuse such numbers, and config is what both may import."""

# The largest value a 64-bit primary key holds.
ID_MAX = 2**63 - 1
