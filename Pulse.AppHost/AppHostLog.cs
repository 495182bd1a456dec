using Microsoft.Extensions.Logging;

namespace Pulse.AppHost;

internal static partial class AppHostLog
{
    [LoggerMessage(EventId = 1, EventName = "PublicUrl", Level = LogLevel.Information, Message = "{Resource} answers at {Url}")]
    public static partial void PublicUrl(ILogger logger, string resource, string url);
}
