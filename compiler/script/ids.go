package script

import idgen "github.com/callpark/callpark/compiler/ids"

// itemID returns the id of the item at path, such as "variables/externalTag",
// in the script named script. Renaming the script changes every id, so two
// scripts built from different parameter files never share one.
func itemID(script, path string) string {
	return idgen.Derive("script", script, path)
}
