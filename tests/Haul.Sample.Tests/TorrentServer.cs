using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Haul.Sample.Tests;

/// <summary>
/// A web server in the test process that Haul fetches .torrent files from: files, redirect chains, a redirect to a
/// magnet link, a body too large, an answer too slow, an HTML page, any status. It listens on 127.0.0.2, which the
/// graph's Haul allows (<see cref="AllowedNetwork"/>) while the rest of loopback stays refused.
/// </summary>
public sealed class TorrentServer : IAsyncDisposable
{
    public const string SecretBodyMarker = "secret-body-marker-7f3a";

    public const string Address = "127.0.0.2";

    /// <summary>The value of Haul's <c>Haul:Fetch:AllowedNetworks</c> that lets it fetch from this server.</summary>
    public const string AllowedNetwork = Address + "/32";

    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Serves <paramref name="bytes"/> at a fresh path; returns its URL.</summary>
    public Uri Serve(byte[] bytes)
    {
        var name = Guid.NewGuid().ToString("N");
        _files[name] = bytes;
        return new Uri(BaseAddress, $"/files/{name}.torrent");
    }

    /// <summary>A URL that redirects <paramref name="hops"/> times before reaching <paramref name="target"/>.</summary>
    public Uri Redirects(int hops, Uri target) =>
        new(BaseAddress, $"/redirect/{hops}?to={Uri.EscapeDataString(target.ToString())}");

    public Uri At(string path) => new(BaseAddress, path);

    public async Task StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{Address}:0");
        var app = builder.Build();
        app.MapGet("/files/{name}.torrent", (string name) =>
            _files.TryGetValue(name, out var bytes) ? Results.Bytes(bytes, "application/x-bittorrent") : Results.NotFound());
        app.MapGet("/redirect/{hops:int}", (int hops, string to) =>
            Results.Redirect(hops <= 1 ? to : $"/redirect/{hops - 1}?to={Uri.EscapeDataString(to)}"));
        app.MapGet("/large", async (HttpContext context) =>
        {
            // No Content-Length: Haul must count the bytes itself.
            var chunk = new byte[64 * 1024];
            for (var sent = 0L; sent <= 11L * 1024 * 1024; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            return Results.Ok();
        });
        app.MapGet("/status/{code:int}", (int code) =>
            Results.Content($"{{\"error\":\"{SecretBodyMarker}\"}}", "application/json", statusCode: code));
        app.MapGet("/html", () => Results.Content($"<html><body>{SecretBodyMarker}</body></html>", "text/html"));
        await app.StartAsync(ct);
        _app = app;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
