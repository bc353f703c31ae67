using System.Net.Sockets;
using Npgsql;

namespace LsatsHub.Engine;

/// <summary>Decides which exceptions are worth another attempt.</summary>
public static class TransientFailure
{
    /// <summary>
    /// True for <see cref="TransientStepException"/>, transient Npgsql errors, HTTP request failures,
    /// socket errors and timeouts raised by the step itself; false for everything else.
    /// </summary>
    /// <param name="exception">The failure to classify.</param>
    /// <returns>Whether another attempt may succeed.</returns>
    public static bool IsTransient(Exception exception) => exception switch
    {
        TransientStepException => true,
        NpgsqlException npgsql => npgsql.IsTransient,
        HttpRequestException => true,
        SocketException => true,
        TimeoutException => true,
        _ => false,
    };
}
