using Pulse.Registry;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRegistryServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapOpenApi();
app.MapScalarApiReference();
app.MapRegistryApi();

await app.InitializeRegistryAsync();
await app.RunAsync();
