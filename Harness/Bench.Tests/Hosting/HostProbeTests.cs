using Bench.Core.Hosting;

namespace Bench.Tests.Hosting;

public sealed class HostProbeTests
{
    [Fact]
    public void CpuModel_X86ModelName_IsTaken()
    {
        string[] cpuinfo = ["processor\t: 0", "vendor_id\t: AuthenticAMD", "model\t\t: 1", "model name\t: AMD EPYC 7B13", "flags\t\t: fpu"];
        Assert.Equal("AMD EPYC 7B13", HostProbe.CpuModelFrom(cpuinfo));
    }

    [Fact]
    public void CpuModel_Aarch64WithoutName_IsNamedFromImplementerAndPart()
    {
        string[] cpuinfo = ["processor\t: 0", "BogoMIPS\t: 50.00", "Features\t: fp asimd", "CPU implementer\t: 0x41", "CPU architecture: 8",
                            "CPU variant\t: 0x3", "CPU part\t: 0xd0c", "CPU revision\t: 1", "", "processor\t: 1", "CPU implementer\t: 0x41", "CPU part\t: 0xd0c"];
        Assert.Equal("ARM Neoverse-N1 (implementer 0x41, part 0xd0c)", HostProbe.CpuModelFrom(cpuinfo));
    }

    [Theory]
    [InlineData("0x41", "0xfff", "ARM CPU (implementer 0x41, part 0xfff)")]
    [InlineData("0x99", "0x001", "aarch64 CPU (implementer 0x99, part 0x001)")]
    [InlineData("0xC0", "0xAC3", "Ampere Ampere-1 (implementer 0xc0, part 0xac3)")]
    public void CpuModel_UnknownCodes_StillNameTheCodes(string implementer, string part, string expected)
    {
        Assert.Equal(expected, HostProbe.CpuModelFrom([$"CPU implementer\t: {implementer}", $"CPU part\t: {part}"]));
    }

    [Fact]
    public void CpuModel_NothingKnown_IsNull()
    {
        Assert.Null(HostProbe.CpuModelFrom(["processor\t: 0", "BogoMIPS\t: 50.00"]));
    }
}
