package main

import (
	"context"
	"fmt"
)

// freshSchema would make an empty schema on the PostgreSQL server at url
// and return a URL that uses it, and a function that drops it.
func freshSchema(ctx context.Context, url string) (string, func(), error) {
	return "", nil, fmt.Errorf("-db %q: this build's store has no PostgreSQL", url)
}
