using System.Security.Cryptography;
using Gavel.Core.Accounts;
using Gavel.Server.Features.Live;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Gavel.Server.Features.Accounts;

internal static class AuthSetup
{
    public static IServiceCollection AddGavelAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new SigningKey(LoadOrCreateKey(sp.GetRequiredService<IOptions<AuthOptions>>().Value, environment)));
        services.AddSingleton(sp => new PasswordHasher(sp.GetRequiredService<IOptions<AuthOptions>>().Value.PasswordHashIterations));
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<SuspendedUsers>();
        services.AddMemoryCache();
        services.AddHostedService<BootstrapAdmin>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, SigningKey, TimeProvider>((jwt, auth, key, clock) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    IssuerSigningKey = key.Key,
                    NameClaimType = "sub",
                    RoleClaimType = "role",
                    ClockSkew = TimeSpan.FromSeconds(30),
                    // Judged by the injected clock that stamped the token (a fake one in tests), not the machine's.
                    LifetimeValidator = (notBefore, expires, _, parameters) => IsWithinLifetime(clock.GetUtcNow().UtcDateTime, notBefore, expires, parameters.ClockSkew),
                };
                jwt.Events = new JwtBearerEvents
                {
                    // Browsers cannot set headers on WebSocket and Server-Sent Events requests: the hub takes the token from the query.
                    OnMessageReceived = context =>
                    {
                        if (context.Request.Path.StartsWithSegments(LiveEndpoints.HubPath) && context.Request.Query["access_token"] is [{ Length: > 0 } token])
                        {
                            context.Token = token;
                        }

                        return Task.CompletedTask;
                    },
                    // A suspended user's access token stops working at once, not when it expires.
                    OnTokenValidated = async context =>
                    {
                        var suspended = context.HttpContext.RequestServices.GetRequiredService<SuspendedUsers>();
                        if (Guid.TryParse(context.Principal?.FindFirst("sub")?.Value, out var userId)
                            && await suspended.IsSuspendedAsync(context.HttpContext.RequestServices, userId, context.HttpContext.RequestAborted))
                        {
                            context.Fail("The account is suspended.");
                        }
                    },
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy("admin", p => p.RequireRole(AccountRoles.Admin));
        return services;
    }

    private static bool IsWithinLifetime(DateTime now, DateTime? notBefore, DateTime? expires, TimeSpan skew) =>
        expires is { } end && end > now - skew && (notBefore is not { } start || start <= now + skew);

    private static SymmetricSecurityKey LoadOrCreateKey(AuthOptions options, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return FromBase64(options.SigningKey, "Auth:SigningKey");
        }

        if (File.Exists(options.KeyFile))
        {
            return FromBase64(File.ReadAllText(options.KeyFile).Trim(), options.KeyFile);
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "Auth:SigningKey is not set. Set it to a base64 key of at least 32 bytes (for example `openssl rand -base64 48`).");
        }

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.KeyFile))!);
        File.WriteAllText(options.KeyFile, key);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(options.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return FromBase64(key, options.KeyFile);
    }

    private static SymmetricSecurityKey FromBase64(string value, string source)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The signing key in {source} is not base64.");
        }

        return bytes.Length >= 32
            ? new SymmetricSecurityKey(bytes)
            : throw new InvalidOperationException($"The signing key in {source} must be at least 32 bytes.");
    }
}

internal sealed record SigningKey(SymmetricSecurityKey Key);
