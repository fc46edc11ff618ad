"""Full-text search rules, pure: the analyzer, the query language, scoring and snippets.

The DynamoDB index that applies them is `chalicelib.adapters.search_index`; the use case is
`chalicelib.services.search`.
"""
