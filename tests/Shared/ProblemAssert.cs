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
}
