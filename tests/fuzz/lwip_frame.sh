#!/bin/bash
# lwip_frame.sh BUILD_DIR SOURCE_DIR - fuzz the lwIP agent's looks into the
# frames it reads off the link (targets/lwip/frame.c, fuzz_lwip_frame.c),
# seeded with an ARP request, an IPv4 and an IPv6 TCP segment, and cut ones.
# See fuzz.bash for the limits and what a skip means.
. "$(dirname "$0")/fuzz.bash"

fuzz_build lwip_frame -I "$FUZZ_SRC/targets/lwip" "$FUZZ_SRC/targets/lwip/frame.c"
seeds=$(fuzz_seeds lwip_frame)
eth4=025346000002025346000001
perl -e '
  my ($dir, $eth) = @ARGV;
  my %frames = (
    arp  => $eth . "0806" . "0001080006040001" . "025346000001c6120001" . "000000000000c6120003",
    tcp4 => $eth . "0800" . "450000280001000040060000c6120001c6120003" . "9c4000500000000100000000500220000000" . "0000",
    tcp6 => $eth . "86dd" . "6000000000140640" . ("20010002" . "0" x 23 . "1") . ("20010002" . "0" x 23 . "3")
              . "9c4000500000000100000000501420000000" . "0000",
    opt4 => $eth . "0800" . "4f0000280001000040060000c6120001c6120002" . "00" x 40 . "9c40005000000001",
    cut4 => $eth . "0800" . "4500002800010000400600",
  );
  my $i = 0;
  for my $k (sort keys %frames) {
    open(my $f, ">", sprintf("%s/%04d", $dir, $i++)) or die "$!";
    print $f pack("H*", $frames{$k});
    close $f;
  }' "$seeds" "$eth4" || fuzz_fail "writing seeds to $seeds"
fuzz_run lwip_frame -max_len=2048
