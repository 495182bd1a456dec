using Pulse.Registry.DownloadClients;
using Pulse.Registry.Events;
using Pulse.Registry.Relay;

namespace Pulse.Registry;

/// <summary>The registry's JSON, source-generated, in snake_case.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ServiceDto))]
[JsonSerializable(typeof(List<ServiceDto>))]
[JsonSerializable(typeof(RegisterServiceRequest))]
[JsonSerializable(typeof(DownloadClientDto))]
[JsonSerializable(typeof(List<DownloadClientDto>))]
[JsonSerializable(typeof(DownloadClientRequest))]
[JsonSerializable(typeof(OwnedDownloadClientUpdate))]
[JsonSerializable(typeof(EventEnvelope))]
[JsonSerializable(typeof(EventPage))]
[JsonSerializable(typeof(MessageAccepted))]
[JsonSerializable(typeof(RelayMessageRequest))]
[JsonSerializable(typeof(ClaimRequest))]
[JsonSerializable(typeof(CompleteRequest))]
[JsonSerializable(typeof(FailRequest))]
[JsonSerializable(typeof(MessageDto))]
[JsonSerializable(typeof(ClaimDto))]
[JsonSerializable(typeof(DeliveryPage))]
[JsonSerializable(typeof(List<PrincipalDto>))]
[JsonSerializable(typeof(NewKeyDto))]
[JsonSerializable(typeof(NewKeyRequest))]
[JsonSerializable(typeof(PrincipalDto))]
[JsonSerializable(typeof(PutPrincipalRequest))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
