using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Siphon.Simulator;

/// <summary>The checks in front of every API call: the credential, then the injected faults for the call's number.</summary>
internal sealed class RequestGuard(SimulatorContext context)
{
    /// <summary>401 when the family's credential is missing or wrong, else null.</summary>
    public IResult? Authorize(HttpContext http, Credential credential)
    {
        var options = context.Options;
        var ok = credential switch
        {
            Credential.Bearer => http.Request.Headers.Authorization.ToString() == "Bearer " + options.BearerToken
                || (options.JwtAudience is { } audience && JwtBearer.HasAudience(http.Request.Headers.Authorization.ToString(), audience)),
            _ => http.Request.Headers[options.ApiKeyHeader].ToString() == options.ApiKey,
        };
        if (ok) return null;

        context.Stats.Unauthorized();
        if (credential == Credential.Bearer) http.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Json(new { errors = new[] { new { message = "authorization required", field = (string?)null } } }, statusCode: 401);
    }

    /// <summary>429 or a 5xx when the knobs say call number <paramref name="call"/> of <paramref name="operation"/> fails, else null.</summary>
    public IResult? InjectFaults(HttpContext http, Knobs knobs, string operation, long call)
    {
        if (knobs.RateLimitEvery?.GetValueOrDefault(operation) is > 0 and var every && call % every == 0)
        {
            context.Stats.RateLimited();
            return TooManyRequests(http, knobs, "rate limit exceeded");
        }

        if (knobs.ErrorBursts?.GetValueOrDefault(operation) is { } burst && burst.Fails(call))
        {
            context.Stats.ServerError();
            return Results.Json(new { error = "simulated server error", operation, call }, statusCode: burst.Status);
        }

        return null;
    }

    public static IResult TooManyRequests(HttpContext http, Knobs knobs, string message)
    {
        http.Response.Headers.RetryAfter = knobs.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Results.Json(new { errors = new[] { new { message } } }, statusCode: 429);
    }

    public static IResult BadRequest(string message) => Results.Json(new { errors = new[] { new { message } } }, statusCode: 400);

    public static IResult NotFound(string what) => Results.Json(new { errors = new[] { new { message = what + " not found" } } }, statusCode: 404);
}
