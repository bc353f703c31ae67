using System.Net;
using System.Net.Sockets;

namespace LsatsHub.Testing;

/// <summary>
/// A loopback TCP server that accepts every connection and never sends a byte: a hung HTTP server. Counts the
/// connections it accepted; disposing closes them all.
/// </summary>
public sealed class SilentTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _accepted = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    /// <summary>Starts listening on a free loopback port.</summary>
    public SilentTcpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    /// <summary>Connections accepted so far.</summary>
    public int Connections
    {
        get
        {
            lock (_accepted)
            {
                return _accepted.Count;
            }
        }
    }

    /// <summary>Stops listening and closes every accepted connection.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting for the next connection.
        }
        catch (SocketException)
        {
            // The listener was stopped under a pending accept.
        }

        lock (_accepted)
        {
            _accepted.ForEach(client => client.Dispose());
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            lock (_accepted)
            {
                _accepted.Add(client);
            }
        }
    }
}
