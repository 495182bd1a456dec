using Haul.Sample;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHaulServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapHaulApi();

app.Run();
