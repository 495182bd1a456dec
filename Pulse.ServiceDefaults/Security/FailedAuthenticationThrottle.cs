using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Pulse.ServiceDefaults.Security;

/// <summary>
/// Counts failed authentications per client address and says when one address has had too many: the <c>401</c> then
/// becomes a <c>429</c> with <c>Retry-After</c>. Only failures are counted, and a request with a valid key never asks,
/// so a valid key always passes, even from an address that is being throttled (every service here sits behind the
/// same local proxy, so an attacker and the services it attacks can share 127.0.0.1).
/// </summary>
/// <remarks>
/// A sliding window (six segments) rather than a fixed one: a fixed window lets a client spend its whole allowance at
/// the end of one window and again at the start of the next, twice the limit within seconds. The limiter gives no
/// retry time for a sliding window, so <c>Retry-After</c> is the window: by then every failure counted now has slid out.
/// Idle addresses' limiters are dropped by the partitioned limiter itself.
/// </remarks>
public sealed class FailedAuthenticationThrottle : IDisposable
{
    private const int SegmentsPerWindow = 6;

    private readonly PartitionedRateLimiter<HttpContext> _limiter;
    private readonly string _retryAfter;

    /// <summary>Creates the throttle with the limit and window of <paramref name="options"/>.</summary>
    public FailedAuthenticationThrottle(IOptions<FailedAuthenticationOptions> options)
    {
        var settings = options.Value;
        var limiterOptions = new SlidingWindowRateLimiterOptions
        {
            PermitLimit = settings.PermitLimit,
            Window = settings.Window,
            SegmentsPerWindow = SegmentsPerWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.GetSlidingWindowLimiter(ClientOf(context), _ => limiterOptions));
        _retryAfter = Math.Ceiling(settings.Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Counts one failed authentication of <paramref name="context"/>'s client. <see langword="false"/> when that client
    /// has already had its allowance (this failure is then not counted): answer with <see cref="RefuseAsync"/> or
    /// <see cref="Refusal"/> instead of the usual refusal.
    /// </summary>
    public bool TryCountFailure(HttpContext context)
    {
        using var lease = _limiter.AttemptAcquire(context);
        return lease.IsAcquired;
    }

    /// <summary>Writes the <c>429</c> problem with <c>Retry-After</c>.</summary>
    public Task RefuseAsync(HttpContext context) => Refusal(context).ExecuteAsync(context);

    /// <summary>The <c>429</c> problem; sets <c>Retry-After</c> on <paramref name="context"/>'s response.</summary>
    public ProblemHttpResult Refusal(HttpContext context)
    {
        context.Response.Headers.RetryAfter = _retryAfter;
        return TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many failed authentications",
            Detail = $"This address has failed to authenticate too often. Try again in {_retryAfter} s.",
        });
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();

    // An IPv4 client seen through an IPv6 socket is the same client; an IPv6 client usually holds a whole /64, so the
    // /64 is the client. A request without an address (an in-memory test server) is one client.
    private static string ClientOf(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } address)
        {
            return "";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
