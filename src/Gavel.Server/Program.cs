using Gavel.Core.Data;
using Gavel.Server.Components;
using Gavel.Server.Demo;
using Gavel.Server.Features.Accounts;
using Gavel.Server.Features.Admin;
using Gavel.Server.Features.Auctions;
using Gavel.Server.Features.Bidding;
using Gavel.Server.Features.Categories;
using Gavel.Server.Features.Clock;
using Gavel.Server.Features.Live;
using Gavel.Server.Features.Notifications;
using Gavel.Server.Features.Images;
using Gavel.Server.Features.Payments;
using Gavel.Server.Features.Pricing;
using Gavel.Server.Features.Wallet;
using Gavel.Server.Features.Watchlist;
using Gavel.Server.Infrastructure;
using Gavel.Server.Workers;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddGavelDatabase(builder.Configuration);
builder.Services.AddGavelErrors();
builder.Services.AddGavelAuth(builder.Configuration, builder.Environment);
builder.Services.AddWebApp();
builder.Services.AddGavelProxyHeaders();
builder.Services.AddGavelRateLimits();
builder.Services.AddValidation();
builder.Services.AddGavelOpenApi();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
builder.Services.AddAuctions();
builder.Services.AddWallet();
builder.Services.AddPayments();
builder.Services.AddIdempotency();
builder.Services.AddAuctionCloser();
builder.Services.AddLive(builder.Configuration);
builder.Services.AddNotifications();

// After the live and notification services: hosted services stop in reverse order, so the bid writers finish what they
// hold while the hub sender still sends what those bids publish.
builder.Services.AddBidding();
builder.Services.AddImages();
builder.Services.AddPricing(builder.Configuration);
builder.Services.AddDemoData();

var app = builder.Build();

app.UseGavelProxyHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseWebErrorPages();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseIdempotency();

app.MapOpenApi();
app.MapScalarApiReference();
app.MapGavelHealth();

app.MapClock();
app.MapAccounts();
app.MapCategories();
app.MapAuctions();
app.MapImages();
app.MapBidding();
app.MapWatchlist();
app.MapWallet();
app.MapPayments();
app.MapAdmin();
app.MapNotifications();
app.MapLive();
app.MapPricing();
app.MapWebApp();

await app.Services.PrepareDatabaseAsync(app.Lifetime.ApplicationStopping);
await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
