using System.Text.Json;

namespace Pulse.Testing;

/// <summary>The one check that an answer is the problem a bad request deserves.</summary>
internal static class ProblemAssert
{
    /// <summary>
    /// Asserts <paramref name="status"/>, an <c>application/problem+json</c> body with a title, and, when
    /// <paramref name="field"/> is given, an entry for it in <c>errors</c>; <paramref name="why"/> names the case.
    /// </summary>
    public static async Task NamesFieldAsync(HttpResponseMessage response, string why, int status, string? field, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True((int)response.StatusCode == status, $"{why}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.True(problem.TryGetProperty("title", out _), $"{why}: {text}");
        if (field is not null)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), $"{why}: no error for {field}: {text}");
        }
    }

    /// <summary>
    /// Asserts <paramref name="status"/> and, for a refusal other than a <c>404</c>, an <c>application/problem+json</c>
    /// body with a title whose <c>errors</c> have exactly <paramref name="keys"/> (comma-separated, sorted; empty: none).
    /// Returns the body; <paramref name="why"/> names the case.
    /// </summary>
    public static async Task<string> HasErrorKeysAsync(HttpResponseMessage response, string why, int status, string keys, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True((int)response.StatusCode == status, $"{why}: {(int)response.StatusCode} {text}");
        if (status is < 400 or 404)
        {
            return text;
        }

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.True(problem.TryGetProperty("title", out _), $"{why}: {text}");
        var actual = problem.TryGetProperty("errors", out var errors)
            ? string.Join(",", errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal))
            : "";
        Assert.True(actual == keys, $"{why}: expected errors [{keys}], got [{actual}]: {text}");
        return text;
    }
}
