import { describe, expect, it } from 'vitest';
import { nmagentXmlParser } from './nmagent-xml.ts';

describe('nmagent-xml names the elements it cannot place', () => {
  it('IPAddress lines cut off from their <Interface>: one ranged warning, no record', () => {
    const text = ['default via 169.254.1.1 dev eth0', '<IPAddress Address="10.240.0.53" IsPrimary="false"/>',
      '', '<IPAddress Address="10.240.0.54" IsPrimary="false"/>', '</IPSubnet></Interface></Interfaces>'].join('\n');
    const r = nmagentXmlParser.parse(text);
    expect(r.records).toEqual([]);
    expect(r.warnings.find((w) => /outside any <Interface>/.test(w.message))).toMatchObject({ line: 2, to: 4 });
    expect(r.warnings.find((w) => w.line === 1)).toBeTruthy();
  });
  it('IPAddress after </Interface> is named; those inside are read', () => {
    const text = ['<Interfaces><Interface MacAddress="000D3A51C490" IsPrimary="true"><IPSubnet Prefix="10.240.0.0/16">',
      '<IPAddress Address="10.240.0.35" IsPrimary="true"/>', '</IPSubnet></Interface>',
      '<IPAddress Address="10.240.0.36" IsPrimary="false"/>'].join('\n');
    const r = nmagentXmlParser.parse(text);
    expect(r.records[0]?.addresses).toEqual([{ address: '10.240.0.35', isPrimary: true }]);
    expect(r.warnings).toMatchObject([{ line: 4 }]);
  });
});

describe('nmagent-xml: a tag cut in half', () => {
  it('the tail of a cut closing tag beside whole ones is named', () => {
    const text = ['<Interfaces><Interface MacAddress="000D3A51C490" IsPrimary="true"><IPSubnet Prefix="10.240.0.0/16">',
      '<IPAddress Address="10.240.0.35" IsPrimary="true"/>', '</IPS', 'bnet></Interface></Interfaces>'].join('\n');
    const r = nmagentXmlParser.parse(text);
    expect(r.warnings.map((w) => w.line)).toEqual([3, 4]);
  });
});
