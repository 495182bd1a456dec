using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Client;

namespace Pulse.ServiceDefaults.Security;

/// <summary>
/// Compares the <c>X-Api-Key</c> header with one expected key in constant time (a key of another length is refused at
/// once, which tells only the length), without allocating, and answers a refused request with the <c>401</c> problem
/// (or the throttle's <c>429</c>).
/// </summary>
internal sealed class ApiKeyCheck(string expectedKey)
{
    private const int StackLimit = 256;

    private readonly byte[] _expected = Encoding.UTF8.GetBytes(expectedKey);

    /// <summary>The key the request presents: its one non-empty <c>X-Api-Key</c> header, else <see langword="null"/>.</summary>
    public static string? Presented(HttpRequest request) =>
        request.Headers.TryGetValue(PulseHeaders.ApiKey, out var values) && values.Count == 1
            && !string.IsNullOrEmpty(values[0])
            ? values[0]
            : null;

    public bool Accepts(HttpRequest request) => Presented(request) is { } key && Matches(key);

    public bool Matches(string key)
    {
        if (Encoding.UTF8.GetByteCount(key) != _expected.Length)
        {
            return false;
        }

        var presented = _expected.Length <= StackLimit ? stackalloc byte[_expected.Length] : new byte[_expected.Length];
        Encoding.UTF8.GetBytes(key, presented);
        return CryptographicOperations.FixedTimeEquals(presented, _expected);
    }

    /// <summary>
    /// The <c>401</c> problem, or, when the client has failed too often lately, the <c>429</c> of the
    /// <see cref="FailedAuthenticationThrottle"/> (when the service has one).
    /// </summary>
    public static async Task ChallengeAsync(HttpContext context)
    {
        if (context.RequestServices.GetService<FailedAuthenticationThrottle>() is { } throttle && !throttle.TryCountFailure(context))
        {
            await throttle.RefuseAsync(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = $"A valid {PulseHeaders.ApiKey} header is required.",
            },
        });
    }
}
