import { describe, expect, it } from 'vitest';
import { azureCniLogParser } from '../azure-cni-log/azure-cni-log.ts';
import { azureCnsLogParser } from '../azure-cns-log/azure-cns-log.ts';

describe('log lines with no fact the parser reads are named, a run in one warning', () => {
  it('azure-vnet: lock and result lines around a fact', () => {
    const text = ['2024/08/28 09:46:32 [11202] [cni-ipam] ADD command completed with result:&{CNIVersion:1.0.0 Interfaces:[]}',
      '2024/08/28 09:46:32 [11202] [cni-ipam] Plugin stopped.', '',
      '2024/08/28 09:46:32 [11202] Released process lock',
      '2024/08/28 09:46:32 [11185] [net] Creating veth pair azvc440f455693 azvc440f4556932.',
      '2018/07/09 12:04:33 [cni-net] Plugin started.'].join('\n');
    const r = azureCniLogParser.parse(text);
    expect(r.records).toMatchObject([{ event: 'veth', line: 5 }]);
    expect(r.warnings).toMatchObject([{ line: 1, to: 4, kind: 'ignored' }, { line: 6, kind: 'ignored' }]);
  });
  it('azure-cns: a request, a lookup and a cut state line', () => {
    const text = ['2024/09/16 18:43:19 [1] [azure-cnsrequestIPConfigsHandler] Received cns.IPConfigsRequest {DesiredIPAddresses:[]}',
      '2024/09/16 18:43:19 [1] [GetExistingIPConfig] IPConfigExists [false] for pod [70513325-eth0]',
      '2024/09/16 18:23:00 [1] [updateIPConfigState] Changing IpId [192.168.2.153] state to [Assigned], podInfo [InfraContai'].join('\n');
    const r = azureCnsLogParser.parse(text);
    expect(r.records).toEqual([]);
    expect(r.warnings).toMatchObject([{ line: 1, to: 3, kind: 'ignored' }]);
  });
});
