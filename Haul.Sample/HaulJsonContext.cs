using System.Text.Json.Serialization;
using Haul.Sample.Torrents;

namespace Haul.Sample;

/// <summary>Haul's JSON: snake_case, source-generated.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AddTorrentRequest))]
[JsonSerializable(typeof(TorrentDto))]
[JsonSerializable(typeof(List<TorrentDto>))]
internal sealed partial class HaulJsonContext : JsonSerializerContext;
