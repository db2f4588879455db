module cgdebug.local/cluster/images

go 1.22
