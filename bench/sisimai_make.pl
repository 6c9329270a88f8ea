#!/usr/bin/perl
# Sisimai's own reading of a mailbox: Sisimai->make(PATH), one record per recipient it reports on.
# Prints the number of records, the figure bench/mail.sh compares with `smtpx mail`.
use strict;
use warnings;
use Sisimai;

my $path = shift // die "usage: sisimai_make.pl MBOX\n";
my $records = Sisimai->make($path) // [];
print scalar(@$records), "\n";
