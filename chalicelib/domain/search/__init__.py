"""Full-text search rules, pure: the analyzer, the indexed document, phrases, the query
language, scoring, counters, posting filters, snippets, and the slice's domain types.

The planners that apply them are `chalicelib.services.search_fulltext` and `search_filtered`
(the use case: `chalicelib.services.search`); the DynamoDB adapters are
`chalicelib.adapters.search_writer`, `search_reader` and `search_manifest`.
"""
