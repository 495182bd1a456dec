using Pulse.Registry;
using Pulse.ServiceDefaults.BadInput;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRegistryServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseStorableText();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapScalarApiReference();
app.MapRegistryApi();

await app.InitializeRegistryAsync();
await app.RunAsync();

