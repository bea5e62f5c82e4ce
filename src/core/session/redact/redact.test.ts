/** What the redactor replaces beyond the scenarios' names and addresses: secrets, Azure ids, MAC spellings, IPv6. */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../pipeline.ts';
import { buildRedactor } from './redact.ts';

const TEXT = `az aks create -g payments-rg -n payments-aks --network-plugin azure
"id": "/subscriptions/3f2504e0-4f89-11d3-9a0c-0305e82c3301/resourceGroups/payments-rg/providers/Microsoft.Network/virtualNetworks/payments-vnet/subnets/aks"
"nodeResourceGroup": "MC_payments-rg_payments-aks_westeurope",
"fqdn": "payments-aks-dns-1a2b3c4d.hcp.westeurope.azmk8s.io",
Authorization: Bearer abcdefghijklmnop.qrstuvwx
client_secret: "s3cr3t-Value-42"
token: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJlLXZhbHVl
AccountKey=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmE+Lw==;EndpointSuffix=core.windows.net
certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM1ekNDQWMrZ0F3SUJBZ0lCQURBTkJna3Fo
-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEA1234567890abcdef
ghijklmnopqrstuvwxyz
-----END RSA PRIVATE KEY-----
<MacAddress>000D3A9C3CC1</MacAddress> "MacAddress": "00-0D-3A-9C-3C-C1" link/ether 00:0d:3a:9c:3c:c1 brd ff:ff:ff:ff:ff:ff
link/ether ee:ee:ee:ee:ee:ee link/ether 33:33:00:00:00:01
inet6 fe80::20d:3aff:fe9c:3cc1/64 scope link
inet6 2603:1030:805:2::4/64 scope global
inet 20.61.10.4/32 peer 10.240.0.1`;

describe('the redactor', () => {
  const r = buildRedactor([TEXT], buildModel([]), []);
  const out = r.text(TEXT);
  const lines = out.split('\n');

  it('keeps the line count (a PEM body becomes one marker and empty lines)', () => {
    expect(lines.length).toBe(TEXT.split('\n').length);
    expect(lines[9]).toBe('-----BEGIN RSA PRIVATE KEY-----');
    expect(lines[10]).toMatch(/^REDACTED-SECRET-\d+$/);
    expect(lines[12]).toBe('-----END RSA PRIVATE KEY-----');
  });

  it('replaces resource groups, clusters and subscriptions wherever they appear, and secrets by their field or their look', () => {
    for (const secret of ['payments', '3f2504e0-4f89', 'abcdefghijklmnop', 's3cr3t-Value-42', 'eyJhbGci', 'Zm9vYmFy', 'LS0tLS1CRUdJTi', 'MIIEpAIB', '1a2b3c4d']) {
      expect(out, secret).not.toContain(secret);
    }
    expect(lines[0]).toBe('az aks create -g resource-1 -n resource-2 --network-plugin azure');
    expect(lines[1]).toBe('"id": "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/resource-1/providers/Microsoft.Network/virtualNetworks/resource-3/subnets/resource-4"');
    expect(lines[2]).toContain('MC_resource-1_resource-2_westeurope');
    expect(lines[4]).toMatch(/^Authorization: Bearer REDACTED-SECRET-\d+$/);
    expect(lines[7]).toMatch(/^AccountKey=REDACTED-SECRET-\d+;EndpointSuffix=core\.windows\.net$/);
  });

  it('maps one MAC the same way in every spelling, its EUI-64 IPv6 address with it, and keeps what every node has', () => {
    expect(lines[13]).toBe('<MacAddress>00005E005300</MacAddress> "MacAddress": "00-00-5E-00-53-00" link/ether 00:00:5e:00:53:00 brd ff:ff:ff:ff:ff:ff');
    expect(lines[14]).toBe('link/ether ee:ee:ee:ee:ee:ee link/ether 33:33:00:00:00:01');
    expect(lines[15]).toBe('inet6 fe80::200:5eff:fe00:5300/64 scope link');
    expect(lines[16]).toBe('inet6 2001:db8:1:2::4/64 scope global');
    expect(lines[17]).toMatch(/^inet 192\.0\.2\.4\/32 peer 10\.\d+\.0\.1$/);
  });
});
