"""KIP NI network service: public directory and referral intake."""
