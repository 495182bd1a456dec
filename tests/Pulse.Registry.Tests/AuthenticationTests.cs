using System.Net;
using System.Text.Json;
using Pulse.Client;

namespace Pulse.Registry.Tests;

public sealed class AuthenticationTests(GraphFixture graph)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData(GraphFixture.ApiKey + "x")]
    public async Task EveryApiRouteInTheOpenApiDocumentAnswersUnauthorizedWithoutTheKey(string? key)
    {
        using var anonymous = graph.CreateClient(null);
        var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json", _ct)).RootElement;
        var routes = (from path in document.GetProperty("paths").EnumerateObject()
                      where path.Name.StartsWith("/api/v1", StringComparison.Ordinal)
                      from operation in path.Value.EnumerateObject()
                      where operation.Name is "get" or "put" or "post" or "delete" or "patch"
                      select (Method: operation.Name.ToUpperInvariant(), Path: path.Name)).ToList();
        Assert.True(routes.Count >= 13, $"only {routes.Count} routes in the OpenAPI document");

        using var client = graph.CreateClient(key);
        foreach (var (method, path) in routes)
        {
            var concrete = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", Guid.NewGuid().ToString());
            using var request = new HttpRequestMessage(new HttpMethod(method), concrete);
            if (method is "POST" or "PUT")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request, _ct);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task ARequestWithoutTheKeyIsRefusedBeforeItsBodyIsRead()
    {
        using var client = graph.CreateClient("wrong-key");
        // With Expect: 100-continue the body goes out only once the registry reads it; refused first, it never does (and
        // the upload cannot race the registry closing the connection).
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/services/register")
        {
            Content = new StringContent(new string(' ', 2 * 1024 * 1024) + "{}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request, _ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(PulseHeaders.ApiKey, await response.Content.ReadAsStringAsync(_ct));
    }

    [Fact]
    public async Task HealthOpenApiAndTheReferencePageNeedNoKey()
    {
        using var anonymous = graph.CreateClient(null);

        using var health = await anonymous.GetAsync("/health", _ct);
        using var openApi = await anonymous.GetAsync("/openapi/v1.json", _ct);
        using var reference = await anonymous.GetAsync("/scalar", _ct);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        var document = await openApi.Content.ReadAsStringAsync(_ct);
        Assert.Contains("\"api_url\"", document);
        Assert.Contains("RegisterService", document);
    }
}
