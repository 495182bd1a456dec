using System.Text.Json;
using System.Text.Json.Serialization;
using Pilot.Sample.DownloadClients;
using Pilot.Sample.Grabs;

namespace Pilot.Sample;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(DownloadClientRequest))]
[JsonSerializable(typeof(DownloadClientDto))]
[JsonSerializable(typeof(List<DownloadClientDto>))]
[JsonSerializable(typeof(GrabRequest))]
[JsonSerializable(typeof(GrabRecord))]
[JsonSerializable(typeof(IReadOnlyList<GrabRecord>))]
[JsonSerializable(typeof(TorrentRequest))]
[JsonSerializable(typeof(TorrentResponse))]
internal sealed partial class PilotJsonContext : JsonSerializerContext;
