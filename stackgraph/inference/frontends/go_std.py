"""The packages of Go's standard library a program may import: what a dotless import path is when it is no
package of a module the program uses.

Go resolves an import path to the standard library when GOROOT holds that package, and to a module of the build
when the module holds it (both: the build fails, "ambiguous import"). A module path need not have a dot
(`module app`, what `pulumi new go` writes), so a path such as `app/infra` is the program's own package, and
`net/http` is the standard library's even in a module named `net`. Listed from `go list std` of Go 1.26
(internal and vendored packages left out: a program cannot import them); `C` is cgo's.
"""

from __future__ import annotations

_LISTED = """
    C
    archive/tar archive/zip bufio bytes cmp compress/bzip2 compress/flate compress/gzip compress/lzw compress/zlib
    container/heap container/list container/ring context crypto crypto/aes crypto/cipher crypto/des crypto/dsa
    crypto/ecdh crypto/ecdsa crypto/ed25519 crypto/elliptic crypto/fips140 crypto/hkdf crypto/hmac crypto/hpke
    crypto/md5 crypto/mlkem crypto/mlkem/mlkemtest crypto/pbkdf2 crypto/rand crypto/rc4 crypto/rsa crypto/sha1
    crypto/sha256 crypto/sha3 crypto/sha512 crypto/subtle crypto/tls crypto/x509 crypto/x509/pkix database/sql
    database/sql/driver debug/buildinfo debug/dwarf debug/elf debug/gosym debug/macho debug/pe debug/plan9obj embed
    encoding encoding/ascii85 encoding/asn1 encoding/base32 encoding/base64 encoding/binary encoding/csv
    encoding/gob encoding/hex encoding/json encoding/pem encoding/xml errors expvar flag fmt go/ast go/build
    go/build/constraint go/constant go/doc go/doc/comment go/format go/importer go/parser go/printer go/scanner
    go/token go/types go/version hash hash/adler32 hash/crc32 hash/crc64 hash/fnv hash/maphash html html/template
    image image/color image/color/palette image/draw image/gif image/jpeg image/png index/suffixarray io io/fs
    io/ioutil iter log log/slog log/syslog maps math math/big math/bits math/cmplx math/rand math/rand/v2 mime
    mime/multipart mime/quotedprintable net net/http net/http/cgi net/http/cookiejar net/http/fcgi
    net/http/httptest net/http/httptrace net/http/httputil net/http/pprof net/mail net/netip net/rpc
    net/rpc/jsonrpc net/smtp net/textproto net/url os os/exec os/signal os/user path path/filepath plugin reflect
    regexp regexp/syntax runtime runtime/cgo runtime/coverage runtime/debug runtime/metrics runtime/pprof
    runtime/race runtime/trace slices sort strconv strings structs sync sync/atomic syscall testing
    testing/cryptotest testing/fstest testing/iotest testing/quick testing/slogtest testing/synctest text/scanner
    text/tabwriter text/template text/template/parse time time/tzdata unicode unicode/utf16 unicode/utf8 unique
    unsafe weak
"""
STD_PACKAGES = frozenset(_LISTED.split())


def is_pulumi_sdk(path: str) -> bool:
    """True for a package of Pulumi's Go SDK or of a provider's (`github.com/pulumi/pulumi/sdk/v3/go/pulumi`,
    `github.com/pulumi/pulumi-aws/sdk/v6/go/aws`, `github.com/pulumi/pulumi-azure-native-sdk/resources/v2`).

    Not every path under `github.com/pulumi/` is one: Pulumi's own repositories of programs
    (pulumi/pulumi-self-hosted-installers, `module github.com/pulumi/pulumi-self-hosted-installers/ecs-hosted/dns`)
    import their packages by such paths, and those are the program's code.
    """
    parts = path.split("/")
    if parts[:2] != ["github.com", "pulumi"] or len(parts) < 3:
        return False
    repository = parts[2]
    return repository == "pulumi" or repository.endswith("-sdk") or "sdk" in parts[3:]


GO_BUILTINS = frozenset(
    {"append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make", "max", "min", "new",
     "panic", "print", "println", "real", "recover"}
)  # fmt: skip
"""The functions Go predeclares: no function of the package or of another file."""
