package export

import "github.com/callpark/callpark/compiler/ids"

// itemID returns the id of the item at path in the flow named flow. The
// path is the item's YAML path, such as "tasks/New Task 1_12/actions/0", so
// renaming an action keeps its id and moving it changes it.
func itemID(flow, path string) string {
	return ids.Derive(flow, path)
}
