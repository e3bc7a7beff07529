package monitor

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"

	"github.com/embargo-dev/embargo"
)

// AllowPrivateFlag is the option that lets webhooks reach private,
// loopback and link-local addresses.
const AllowPrivateFlag = "--allow-private-webhooks"

// sharedAddressSpace is 100.64.0.0/10 (carrier-grade NAT; some clouds'
// metadata services live there), which netip does not call private.
var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

// PrivateAddr reports whether ip is an address a webhook must not reach
// without AllowPrivate: loopback, private (RFC 1918, unique local),
// link-local (169.254.169.254, the cloud metadata service, among them),
// shared, unspecified or multicast.
func PrivateAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() ||
		sharedAddressSpace.Contains(ip) || (ip.Is4() && ip.As4()[0] == 0)
}

// CheckWebhookURL returns EINVALID unless raw is an http or https URL
// whose host is, when allowPrivate is false, no private address (a name
// is resolved; one that resolves to any private address is refused).
// Deliveries check the address they connect to again, so a name that
// later resolves elsewhere gains nothing.
func CheckWebhookURL(ctx context.Context, raw string, allowPrivate bool) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return embargo.Errorf(embargo.EINVALID, "webhook URL %q: want an http:// or https:// URL", RedactURL(raw))
	}
	if allowPrivate {
		return nil
	}
	host := u.Hostname()
	var addrs []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{ip}
	} else {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		// A name that does not resolve now is left to delivery time.
		addrs, _ = net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	}
	for _, ip := range addrs {
		if PrivateAddr(ip) {
			return embargo.Errorf(embargo.EINVALID, "webhook URL %s: %s is a private, loopback or link-local address; webhooks may reach it only with %s", RedactURL(raw), ip, AllowPrivateFlag)
		}
	}
	return nil
}

// RedactURL returns raw with the password of its user information, if
// any, replaced by "xxxxx", for listings and messages.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// errPrivateTarget is a delivery refused because the webhook's host
// resolved to a private address.
var errPrivateTarget = errors.New("refused: a private, loopback or link-local address (allow with " + AllowPrivateFlag + ")")

// errRedirect is a delivery answered with a redirect, which is not
// followed: the alert would go to an address nobody configured, or be
// lost as a GET.
var errRedirect = errors.New("redirect not followed")

// webhookClient returns the HTTP client of deliveries: no redirects and,
// unless allowPrivate, no connections to private addresses (checked on the
// address connected to, after name resolution).
func webhookClient(allowPrivate bool) *http.Client {
	d := &net.Dialer{Timeout: DefaultTimeout}
	if !allowPrivate {
		d.Control = func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("webhook address %q: %w", address, err)
			}
			if PrivateAddr(ap.Addr()) {
				return fmt.Errorf("%s: %w", ap.Addr(), errPrivateTarget)
			}
			return nil
		}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = d.DialContext
	tr.Proxy = nil // a proxy would connect for us, past the check
	return &http.Client{
		Timeout:   DefaultTimeout,
		Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
