using Haul.Sample;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHaulServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapHaulApi();

app.Run();
