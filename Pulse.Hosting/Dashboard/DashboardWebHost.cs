using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pulse.Hosting.Orchestration;

namespace Pulse.Hosting.Dashboard;

/// <summary>The Kestrel host both dashboard ports run on: loopback only, quiet, not configured by the host's environment.</summary>
internal static class DashboardWebHost
{
    public static WebApplicationBuilder CreateBuilder(int port, long maxRequestBodySize, IHostOutput? output = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        if (output is not null)
        {
            builder.Logging.AddProvider(new HostOutputLoggerProvider(output));
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = maxRequestBodySize;
            kestrel.AddServerHeader = false;
        });
        return builder;
    }
}
