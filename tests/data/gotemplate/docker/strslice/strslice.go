// Package strslice has the shape of moby's api/types/strslice.StrSlice.
package strslice

// StrSlice is a []string (moby also accepts a JSON string; not needed here).
type StrSlice []string
