// Package ids derives the deterministic UUIDs of generated Genesys Cloud
// objects (flow items, script parts), so that the same parameter file gives
// the same ids on every machine and every run.
package ids

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"
)

// urlNamespace is the URL namespace UUID from RFC 9562, appendix A.
var urlNamespace = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// namespace is the UUID namespace of callpark's generated ids: the version
// 5 UUID of the URL "https://github.com/callpark/callpark" in the URL
// namespace.
var namespace = uuid5(urlNamespace, "https://github.com/callpark/callpark")

// Derive returns the version 5 UUID, in the 8-4-4-4-12 form, of the parts
// joined with NUL bytes. Callers pass what identifies the object, such as
// the flow name and the item's path, so renaming the flow changes every id
// and moving an item changes its id.
func Derive(parts ...string) string {
	return format(uuid5(namespace, strings.Join(parts, "\x00")))
}

// uuid5 returns the RFC 9562 version 5 UUID of name in namespace ns.
func uuid5(ns [16]byte, name string) [16]byte {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return u
}

// format writes u in the 8-4-4-4-12 form.
func format(u [16]byte) string {
	var buf [36]byte
	hex.Encode(buf[0:8], u[0:4])
	buf[8] = '-'
	hex.Encode(buf[9:13], u[4:6])
	buf[13] = '-'
	hex.Encode(buf[14:18], u[6:8])
	buf[18] = '-'
	hex.Encode(buf[19:23], u[8:10])
	buf[23] = '-'
	hex.Encode(buf[24:], u[10:])
	return string(buf[:])
}
