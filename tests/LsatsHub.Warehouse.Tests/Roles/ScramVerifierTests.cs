using System.Security.Cryptography;
using System.Text;
using LsatsHub.Warehouse.Roles;

namespace LsatsHub.Warehouse.Tests.Roles;

public sealed class ScramVerifierTests
{
    [Fact]
    public void The_verifier_reproduces_the_RFC_7677_server_signature()
    {
        // RFC 7677 §3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations.
        var salt = Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ==");

        var verifier = ScramVerifier.Create("pencil", salt, 4096);

        var parts = verifier.Split('$', ':');
        parts[0].Should().Be("SCRAM-SHA-256");
        parts[1].Should().Be("4096");
        parts[2].Should().Be("W22ZaJ0SNY7soEsUEjb6gQ==");
        var serverKey = Convert.FromBase64String(parts[4]);
        const string authMessage =
            "n=user,r=rOprNGfwEbeRWgbNEkqO,"
            + "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
            + "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        var serverSignature = HMACSHA256.HashData(serverKey, Encoding.UTF8.GetBytes(authMessage));
        Convert.ToBase64String(serverSignature).Should().Be("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    [Fact]
    public void A_password_outside_printable_ascii_is_rejected_without_echoing_it()
    {
        var act = () => ScramVerifier.Create("pässwort");

        act.Should().Throw<WarehouseException>().Which.Message.Should().NotContain("pässwort");
    }
}
