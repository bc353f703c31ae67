namespace LsatsHub.Connectors.Tests;

public sealed class ConnectorExceptionTests
{
    [Fact]
    public void The_message_is_kept_for_people()
    {
        new ConnectorException("TDX GET accounts answered 500").Message.Should().Be("TDX GET accounts answered 500");
    }
}
