// Command callpark compiles the Genesys Cloud call-park solution from one
// parameter file and publishes it to an org.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
